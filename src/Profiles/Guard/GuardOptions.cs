namespace Gateway.Profiles.Guard;

/// <summary>What the client gets when every attempt failed validation.</summary>
public enum ExhaustedOutcome
{
    /// <summary>The last answer, marked <c>x-gateway-validation: failed</c>.</summary>
    ReturnLast,

    /// <summary>An OpenAI-shaped 502 of type <c>validation_failed</c> carrying the validator's message.</summary>
    Error,
}

/// <summary>How streaming requests whose output must be validated are served.</summary>
public enum StreamingValidation
{
    /// <summary>Fetch the answer whole, validate (and retry), then replay it as SSE: safe output, later first token.</summary>
    Validate,

    /// <summary>Stream straight through, unvalidated: first token as early as vLLM sends it.</summary>
    PassThrough,
}

/// <summary>The structured-output guard, <c>Gateway:Guard</c>.</summary>
public sealed record GuardOptions
{
    /// <summary>Validate structured answers at all.</summary>
    public bool Enabled { get; init; } = true;

    public ExhaustedOutcome OnExhausted { get; init; } = ExhaustedOutcome.ReturnLast;

    /// <summary>Strip a ```json fence or leading prose before validating; a repaired answer is recorded as <c>repaired</c>.</summary>
    public bool Repair { get; init; }

    public StreamingValidation Streaming { get; init; } = StreamingValidation.Validate;

    /// <summary>The vLLM version behind the gateway: from 0.12 constrained decoding is asked with
    /// <c>structured_outputs</c>, before with <c>guided_json</c>.</summary>
    public string VllmVersion { get; init; } = "0.12";

    /// <summary>Largest upstream answer held for validation or for a possible retry.</summary>
    public long MaxResponseBytes { get; init; } = 16 * 1024 * 1024;

    /// <summary>First wait before retrying a transient upstream fault; doubled each time.</summary>
    public TimeSpan TransientBackoff { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Classifier signals that mark a prompt asking for JSON only: its answer must parse as JSON.</summary>
    public List<string> JsonOnlySignals { get; init; } = ["json_only"];

    /// <summary>True when <see cref="VllmVersion"/> is 0.12 or later.</summary>
    public bool UsesStructuredOutputs =>
        !Version.TryParse(VllmVersion.Contains('.', StringComparison.Ordinal) ? VllmVersion : VllmVersion + ".0", out var version)
        || version >= new Version(0, 12);
}

/// <summary>
/// A profile's retry ladder, <c>Gateway:Profiles:&lt;task&gt;:Retry</c>. Each field is optional; a model
/// override's stated fields replace the profile's.
/// </summary>
public sealed record RetryLadderOptions
{
    /// <summary>Upstream attempts in all, validation and transient retries together (default 3).</summary>
    public int? MaxAttempts { get; init; }

    /// <summary>Time for all attempts together (default two minutes).</summary>
    public TimeSpan? TimeBudget { get; init; }

    /// <summary>How much each retry lowers the temperature (default 0.2), unless <see cref="TemperatureFactor"/> is set.</summary>
    public double? TemperatureStep { get; init; }

    /// <summary>When set, each retry multiplies the temperature by this factor instead of stepping.</summary>
    public double? TemperatureFactor { get; init; }

    /// <summary>The lowest temperature a retry uses (default 0.1); there the seed changes instead.</summary>
    public double? TemperatureFloor { get; init; }

    /// <summary>Whether the last attempt switches on vLLM's constrained decoding (default true).</summary>
    public bool? ConstrainedDecoding { get; init; }

    /// <summary>Whether the last attempt re-asks with the validator's message added to the conversation (default false).</summary>
    public bool? Reask { get; init; }

    public RetryLadderOptions With(RetryLadderOptions? overlay) => overlay is null ? this : new()
    {
        MaxAttempts = overlay.MaxAttempts ?? MaxAttempts,
        TimeBudget = overlay.TimeBudget ?? TimeBudget,
        TemperatureStep = overlay.TemperatureStep ?? TemperatureStep,
        TemperatureFactor = overlay.TemperatureFactor ?? TemperatureFactor,
        TemperatureFloor = overlay.TemperatureFloor ?? TemperatureFloor,
        ConstrainedDecoding = overlay.ConstrainedDecoding ?? ConstrainedDecoding,
        Reask = overlay.Reask ?? Reask,
    };
}

/// <summary>Adaptive starting temperature, <c>Gateway:Profiles:&lt;task&gt;:Adaptive</c> (opt-in).</summary>
public sealed record AdaptiveTemperatureOptions
{
    public bool Enabled { get; init; }

    /// <summary>How much one validation failure lowers the profile's starting temperature.</summary>
    public double Step { get; init; } = 0.1;

    /// <summary>How much a run of successes raises it back toward the configured value.</summary>
    public double RecoveryStep { get; init; } = 0.05;

    /// <summary>How many successes in a row make a run.</summary>
    public int RecoverAfter { get; init; } = 10;

    /// <summary>The lowest starting temperature adaptation may reach.</summary>
    public double Floor { get; init; } = 0.1;
}
