namespace Gateway.Profiles.Guard;

/// <summary>What one upstream attempt sends differently from the first.</summary>
public sealed record AttemptPlan(int Number, double? Temperature, long? Seed, bool Constrained, bool Reask);

/// <summary>
/// The retry ladder: attempt 1 uses the profile; each retry after a failed validation lowers the temperature
/// (by a step or a factor, down to a floor); at the floor, or when an answer came back identical to one that
/// already failed, the seed changes instead (the same parameters would give the same wrong answer); the last
/// attempt may switch on constrained decoding and re-ask with the validator's message. A transient fault
/// repeats the same plan (on another destination).
/// </summary>
public sealed class RetryLadder
{
    public const int DefaultMaxAttempts = 3;

    public RetryLadder(RetryLadderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        MaxAttempts = options.MaxAttempts ?? DefaultMaxAttempts;
        TimeBudget = options.TimeBudget ?? TimeSpan.FromMinutes(2);
        Step = options.TemperatureStep ?? 0.2;
        Factor = options.TemperatureFactor;
        Floor = options.TemperatureFloor ?? 0.1;
        ConstrainedDecoding = options.ConstrainedDecoding ?? true;
        Reask = options.Reask ?? false;
    }

    public int MaxAttempts { get; }

    public TimeSpan TimeBudget { get; }

    public double Step { get; }

    public double? Factor { get; }

    public double Floor { get; }

    public bool ConstrainedDecoding { get; }

    public bool Reask { get; }

    public static AttemptPlan First(double? temperature, long? seed) => new(1, temperature, seed, Constrained: false, Reask: false);

    /// <summary>The plan after <paramref name="previous"/> failed validation.</summary>
    /// <param name="duplicate">The failed answer was identical to an earlier failed one.</param>
    public AttemptPlan AfterInvalid(AttemptPlan previous, bool duplicate)
    {
        ArgumentNullException.ThrowIfNull(previous);
        var number = previous.Number + 1;
        var temperature = previous.Temperature is { } t ? Lower(t) : (double?)null;
        var atFloor = temperature is null || temperature == previous.Temperature;
        var seed = atFloor || duplicate ? (previous.Seed ?? 0) + 1 : previous.Seed;
        var last = number >= MaxAttempts;
        return new AttemptPlan(number, temperature, seed, last && ConstrainedDecoding, last && Reask);
    }

    /// <summary>The plan after <paramref name="previous"/> met a transient upstream fault: the same inputs again.</summary>
    public static AttemptPlan AfterTransient(AttemptPlan previous)
    {
        ArgumentNullException.ThrowIfNull(previous);
        return previous with { Number = previous.Number + 1 };
    }

    private double Lower(double temperature)
    {
        var lowered = Factor is { } factor ? temperature * factor : temperature - Step;
        return Math.Round(Math.Max(Math.Min(Floor, temperature), lowered), 4);
    }
}
