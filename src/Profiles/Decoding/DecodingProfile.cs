namespace Gateway.Profiles.Decoding;

/// <summary>How a profile treats a value the client stated itself.</summary>
public enum ProfileMode
{
    /// <summary>Fill only what the client left out; the client's own values are kept (within bounds).</summary>
    Default,

    /// <summary>Always set the profile's values, whatever the client sent.</summary>
    Enforce,
}

/// <summary>An inclusive range that clamps a client's own value.</summary>
public sealed record ParameterRange
{
    public double? Min { get; init; }

    public double? Max { get; init; }

    public double Clamp(double value)
    {
        if (Min is { } min && value < min)
        {
            return min;
        }

        return Max is { } max && value > max ? max : value;
    }
}

/// <summary>Optional clamps for the client's values, one range per controlled field.</summary>
public sealed record ParameterBounds
{
    public ParameterRange? Temperature { get; init; }

    public ParameterRange? TopP { get; init; }

    public ParameterRange? TopK { get; init; }

    public ParameterRange? MinP { get; init; }

    public ParameterRange? FrequencyPenalty { get; init; }

    public ParameterRange? PresencePenalty { get; init; }

    public ParameterRange? RepetitionPenalty { get; init; }

    public ParameterRange? MaxTokens { get; init; }
}

/// <summary>
/// A task's decoding profile as configured under <c>Gateway:Profiles:&lt;task&gt;</c>. Every field is optional;
/// <see cref="Models"/> holds overrides for a given model name, whose stated fields replace this profile's.
/// </summary>
public sealed record DecodingProfile
{
    public double? Temperature { get; init; }

    public double? TopP { get; init; }

    public int? TopK { get; init; }

    public double? MinP { get; init; }

    public double? FrequencyPenalty { get; init; }

    public double? PresencePenalty { get; init; }

    public double? RepetitionPenalty { get; init; }

    public int? MaxTokens { get; init; }

    public ProfileMode? Mode { get; init; }

    public ParameterBounds? Bounds { get; init; }

    /// <summary>The retry ladder for answers that fail validation or meet a transient upstream fault.</summary>
    public Guard.RetryLadderOptions? Retry { get; init; }

    /// <summary>Opt-in adaptive starting temperature.</summary>
    public Guard.AdaptiveTemperatureOptions? Adaptive { get; init; }

    public Dictionary<string, DecodingProfile> Models { get; init; } = new(StringComparer.Ordinal);

    public DecodingParameters Parameters => new(
        Temperature, TopP, TopK, MinP, FrequencyPenalty, PresencePenalty, RepetitionPenalty, MaxTokens);

    /// <summary>This profile with the stated fields of <paramref name="overlay"/> laid over it.</summary>
    public DecodingProfile With(DecodingProfile overlay) => new()
    {
        Temperature = overlay.Temperature ?? Temperature,
        TopP = overlay.TopP ?? TopP,
        TopK = overlay.TopK ?? TopK,
        MinP = overlay.MinP ?? MinP,
        FrequencyPenalty = overlay.FrequencyPenalty ?? FrequencyPenalty,
        PresencePenalty = overlay.PresencePenalty ?? PresencePenalty,
        RepetitionPenalty = overlay.RepetitionPenalty ?? RepetitionPenalty,
        MaxTokens = overlay.MaxTokens ?? MaxTokens,
        Mode = overlay.Mode ?? Mode,
        Bounds = overlay.Bounds ?? Bounds,
        Retry = overlay.Retry is null ? Retry : (Retry ?? new()).With(overlay.Retry),
        Adaptive = overlay.Adaptive ?? Adaptive,
    };
}
