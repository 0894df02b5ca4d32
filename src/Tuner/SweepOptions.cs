namespace Gateway.Tuner;

/// <summary>Everything one sweep needs, as parsed from the command line.</summary>
public sealed record SweepOptions
{
    public required Uri BaseUrl { get; init; }
    public required string Model { get; init; }
    public IReadOnlyList<double> Temperatures { get; init; } = [0.3, 0.5, 0.7, 1.0, 1.3];
    public int Samples { get; init; } = 3;
    public string OutDir { get; init; } = "tuning-out";
    public string? PromptFile { get; init; }
    public FixedParameters Fixed { get; init; } = new();
    public int Concurrency { get; init; } = 4;
    public string ApiKey { get; init; } = "none";
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Sample i is sent with seed SeedBase + i; null sends no seed.</summary>
    public int? SeedBase { get; init; }

    public double TargetValidity { get; init; } = 1.0;
    public double MaxRepetition { get; init; } = 0.10;
    public double MinConsistency { get; init; }
    public Uri? CompareGateway { get; init; }
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();
}

/// <summary>Decoding parameters held fixed across the sweep; null fields are not sent.</summary>
public sealed record FixedParameters
{
    public double? TopP { get; init; } = 0.95;
    public int? TopK { get; init; }
    public double? MinP { get; init; }
    public double? FrequencyPenalty { get; init; }
    public double? PresencePenalty { get; init; }
    public double? RepetitionPenalty { get; init; }
    public int? MaxTokens { get; init; }
}
