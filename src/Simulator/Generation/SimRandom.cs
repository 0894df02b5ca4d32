namespace Gateway.Simulator.Generation;

/// <summary>
/// SplitMix64: tiny, fast and fully specified, so outcomes for a seed never change with the runtime's Random.
/// Not for security; it only has to make simulated sampling reproducible.
/// </summary>
public sealed class SimRandom(ulong seed)
{
    private ulong _state = seed;

    public ulong NextUInt64()
    {
        _state += 0x9E3779B97F4A7C15UL;
        return Mix(_state);
    }

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [minInclusive, maxExclusive).</summary>
    public int Next(int minInclusive, int maxExclusive) =>
        maxExclusive <= minInclusive ? minInclusive : minInclusive + (int)(NextUInt64() % (ulong)(maxExclusive - minInclusive));

    public T Pick<T>(IReadOnlyList<T> items) => items[Next(0, items.Count)];

    /// <summary>Combines values into one well-spread seed (order matters).</summary>
    public static ulong Combine(params ReadOnlySpan<ulong> parts)
    {
        var h = 0xCBF29CE484222325UL;
        foreach (var part in parts)
        {
            h = Mix(h ^ Mix(part + 0x9E3779B97F4A7C15UL));
        }

        return h;
    }

    /// <summary>Stable string hash (string.GetHashCode is randomised per process).</summary>
    public static ulong Hash(string text)
    {
        var h = 0xCBF29CE484222325UL;
        foreach (var c in text)
        {
            h = (h ^ c) * 0x100000001B3UL;
        }

        return Mix(h);
    }

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
