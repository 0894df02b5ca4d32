namespace Gateway.Simulator.Generation;

public sealed record PlannedToolCall(string Id, string Name, string Arguments);

/// <summary>One generated choice. Tokens are what gets streamed: content tokens, or argument fragments for a tool call.</summary>
public sealed record Answer(
    string? Content,
    PlannedToolCall? ToolCall,
    IReadOnlyList<string> Tokens,
    int CompletionTokens,
    string FinishReason,
    string? StopReason);
