using Gateway.Simulator.Generation;

namespace Gateway.Simulator.Requests;

/// <summary>A validated /v1/completions request; one generation per prompt (each with n choices).</summary>
public sealed record CompletionRequest(
    bool Stream,
    bool IncludeUsage,
    bool Echo,
    IReadOnlyList<string> Prompts,
    int PromptTokens,
    IReadOnlyList<GenerationRequest> Generations);
