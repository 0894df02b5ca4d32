using System.Collections.Frozen;
using Gateway.Profiles.Tasks;

namespace Gateway.Profiles.Decoding;

/// <summary>A task's profile as it applies to one request: the base profile, or its override for the model,
/// with its retry ladder compiled.</summary>
public sealed record ResolvedProfile(string Name, TaskKind Task, DecodingProfile Profile)
{
    public Guard.RetryLadder Ladder { get; } = new(Profile.Retry ?? new Guard.RetryLadderOptions());
}

/// <summary>The configured profiles, resolved per task and model name without allocating on lookup.</summary>
public sealed class ProfileCatalog
{
    private readonly ResolvedProfile[] _byTask;
    private readonly FrozenDictionary<string, ResolvedProfile>[] _byTaskAndModel;

    public ProfileCatalog(IReadOnlyDictionary<string, DecodingProfile> profiles)
    {
        ArgumentNullException.ThrowIfNull(profiles);
        _byTask = new ResolvedProfile[TaskKinds.All.Count];
        _byTaskAndModel = new FrozenDictionary<string, ResolvedProfile>[TaskKinds.All.Count];
        foreach (var task in TaskKinds.All)
        {
            var name = task.ToName();
            var configured = profiles.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)).Value
                ?? throw new ArgumentException($"No profile for task '{name}'.", nameof(profiles));
            _byTask[(int)task] = new ResolvedProfile(name, task, configured);
            _byTaskAndModel[(int)task] = configured.Models.ToFrozenDictionary(
                m => m.Key,
                m => new ResolvedProfile($"{name}@{m.Key}", task, configured.With(m.Value)),
                StringComparer.Ordinal);
        }
    }

    public IEnumerable<ResolvedProfile> All => _byTask.Concat(_byTaskAndModel.SelectMany(m => m.Values));

    public ResolvedProfile Resolve(TaskKind task, string? model) =>
        model is not null && _byTaskAndModel[(int)task].TryGetValue(model, out var overridden)
            ? overridden
            : _byTask[(int)task];
}
