using System.Collections.Concurrent;

namespace Gateway.Profiles.Guard;

/// <summary>
/// One profile's adaptive starting temperature (the tuning guide's section 4.3): a validation failure lowers
/// it by a step, down to a floor; a run of successes raises it by a smaller step, back toward the configured
/// value. Thread-safe; the state is per gateway replica.
/// </summary>
public sealed class AdaptiveTemperature
{
    private readonly Lock _gate = new();
    private readonly AdaptiveTemperatureOptions _options;
    private double _current;
    private int _successes;

    public AdaptiveTemperature(double configured, AdaptiveTemperatureOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Configured = configured;
        _options = options;
        _current = configured;
    }

    public double Configured { get; }

    public double Current
    {
        get
        {
            lock (_gate)
            {
                return _current;
            }
        }
    }

    public void RecordFailure()
    {
        lock (_gate)
        {
            _successes = 0;
            _current = Math.Round(Math.Max(Math.Min(_options.Floor, Configured), _current - _options.Step), 4);
        }
    }

    public void RecordSuccess()
    {
        lock (_gate)
        {
            if (_current >= Configured || ++_successes < _options.RecoverAfter)
            {
                return;
            }

            _successes = 0;
            _current = Math.Round(Math.Min(Configured, _current + _options.RecoveryStep), 4);
        }
    }
}

/// <summary>The adaptive temperatures of all profiles that opted in, reset when a profile's config changes.</summary>
public sealed class AdaptiveTemperatures
{
    private readonly ConcurrentDictionary<string, (string Fingerprint, AdaptiveTemperature State)> _states = new(StringComparer.Ordinal);

    /// <summary>The state for a profile, new when the profile is new or its configured values changed.</summary>
    public AdaptiveTemperature? For(string profileName, double? configured, AdaptiveTemperatureOptions? options)
    {
        if (options is not { Enabled: true } || configured is not { } temperature)
        {
            return null;
        }

        var fingerprint = FormattableString.Invariant($"{temperature}|{options}");
        var entry = _states.AddOrUpdate(
            profileName,
            static (_, args) => (args.fingerprint, new AdaptiveTemperature(args.temperature, args.options)),
            static (_, existing, args) => existing.Fingerprint == args.fingerprint
                ? existing
                : (args.fingerprint, new AdaptiveTemperature(args.temperature, args.options)),
            (fingerprint, temperature, options));
        return entry.State;
    }

    /// <summary>Current values by profile name, for the admin endpoint and metrics.</summary>
    public IReadOnlyDictionary<string, AdaptiveTemperature> Snapshot() =>
        _states.ToDictionary(p => p.Key, p => p.Value.State, StringComparer.Ordinal);
}
