using System.Diagnostics;
using Gateway.Profiles.Classification;
using Gateway.Profiles.Decoding;
using Gateway.Profiles.Requests;

namespace Gateway.Proxy;

/// <summary>
/// What the gateway decided for one request and what came of it; kept on the HttpContext and read by the
/// summary log line, the trace and the metrics.
/// </summary>
public sealed class GatewayDecision(
    CompletionEndpoint endpoint,
    string? model,
    Classification classification,
    ResolvedProfile profile,
    DecodingParameters clientParameters,
    DecodingParameters effectiveParameters)
{
    public long StartedAt { get; } = Stopwatch.GetTimestamp();

    public CompletionEndpoint Endpoint { get; } = endpoint;

    public string? Model { get; } = model;

    public Classification Classification { get; } = classification;

    public ResolvedProfile Profile { get; } = profile;

    public DecodingParameters ClientParameters { get; } = clientParameters;

    /// <summary>What went upstream; the temperature is the last attempt's.</summary>
    public DecodingParameters EffectiveParameters { get; set; } = effectiveParameters;

    public long? Seed { get; set; }

    /// <summary>The configured name of the client's key (never the key), when keys are in use.</summary>
    public string? ApiKeyName { get; init; }

    public int Attempts { get; set; } = 1;

    public string Validation { get; set; } = ValidationOutcomes.Skipped;

    /// <summary>The answer passed only after the configured repair.</summary>
    public bool Repaired { get; set; }

    /// <summary>The validator's message on the last failed attempt.</summary>
    public string? ValidationError { get; set; }

    public int ValidationFailures { get; set; }

    public int TransientRetries { get; set; }

    /// <summary>The vLLM destination of the last attempt.</summary>
    public Uri? Destination { get; set; }

    public TimeSpan? TimeToFirstChunk { get; set; }

    public string? ResponseId { get; set; }

    public string? ResponseModel { get; set; }

    public IReadOnlyList<string> FinishReasons { get; set; } = [];

    /// <summary>The delivered answer's usage.</summary>
    public long? InputTokens { get; set; }

    public long? OutputTokens { get; set; }

    /// <summary>Tokens spent on all attempts together.</summary>
    public long TotalTokens { get; set; }

    /// <summary>The delivered answer's choices, truncated; only with content capture switched on.</summary>
    public string? OutputContent { get; set; }

    /// <summary>Set when the request ended in an error (the gateway's or vLLM's).</summary>
    public string? ErrorType { get; set; }

    public void MarkFirstChunk() => TimeToFirstChunk ??= Stopwatch.GetElapsedTime(StartedAt);
}
