namespace Gateway.Simulator.Endpoints;

/// <summary>vLLM-style identifiers and timestamps.</summary>
public static class Ids
{
    public static string Hex() => Guid.NewGuid().ToString("N");

    public static long Now() => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    /// <summary>Deterministic fake token id in Qwen2.5's vocabulary range.</summary>
    public static int TokenId(string token) => (int)(Generation.SimRandom.Hash(token) % 151643UL);
}
