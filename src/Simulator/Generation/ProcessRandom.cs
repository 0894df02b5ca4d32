namespace Gateway.Simulator.Generation;

/// <summary>Process-wide RNG (seeded by Simulator:Seed) that hands out seeds to requests without one.</summary>
public sealed class ProcessRandom(int seed)
{
    private readonly SimRandom _random = new(unchecked((ulong)seed));
    private readonly Lock _gate = new();

    public ulong NextSeed()
    {
        lock (_gate)
        {
            return _random.NextUInt64();
        }
    }
}
