namespace Gateway.Tuner.Sweep;

/// <summary>The measures of one task at one temperature (or through the gateway, Temperature then being the profile's).</summary>
public sealed record Row
{
    public required string Task { get; init; }
    public required string Source { get; init; }
    public double? Temperature { get; init; }
    public int Samples { get; init; }
    public int Errors { get; init; }

    /// <summary>Null for free-text prompts, where JSON is not asked for.</summary>
    public double? ValidJsonRate { get; init; }
    public double? SchemaValidRate { get; init; }
    public double Consistency { get; init; }
    public double DistinctAnswers { get; init; }
    public double Repetition { get; init; }
    public double LatencyMsMean { get; init; }
    public double LatencyMsP95 { get; init; }
    public double CompletionTokensMean { get; init; }
    public GatewaySummary? Gateway { get; init; }
}

/// <summary>Only on the gateway row: what its profile and guard did.</summary>
public sealed record GatewaySummary(string? Profile, double MeanAttempts, double ValidationPassedRate);
