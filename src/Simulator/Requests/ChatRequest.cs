using Gateway.Simulator.Generation;

namespace Gateway.Simulator.Requests;

/// <summary>A validated /v1/chat/completions request.</summary>
public sealed record ChatRequest(bool Stream, bool IncludeUsage, int PromptTokens, GenerationRequest Generation);
