namespace Gateway.Tuner.Sweep;

/// <summary>One answer (or failure) for one prompt at one setting; gateway fields are set only through the gateway.</summary>
public sealed record Sample(
    int PromptIndex,
    string? Text,
    double LatencyMs,
    int CompletionTokens,
    string? Error,
    GatewayDecision? Gateway = null);

/// <summary>What the gateway said it did, from its x-gateway-* response headers.</summary>
public sealed record GatewayDecision(string? Task, string? Profile, string? Validation, int Attempts);
