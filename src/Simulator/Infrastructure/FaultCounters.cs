using System.Collections.Concurrent;

namespace Gateway.Simulator.Infrastructure;

/// <summary>How many requests have been seen per x-sim-fault-key, to fail only the first K of them.</summary>
public sealed class FaultCounters
{
    private readonly ConcurrentDictionary<string, int> _seen = new(StringComparer.Ordinal);

    /// <summary>Returns the 1-based ordinal of this request among those carrying the key.</summary>
    public int Next(string key) => _seen.AddOrUpdate(key, 1, (_, n) => n + 1);

    public void Clear() => _seen.Clear();
}
