namespace Gateway.Simulator.Generation;

/// <summary>
/// How often unconstrained JSON comes out broken, as the product guide measured on Qwen2.5:
/// never up to T=0.7, then +1/3 per 0.3 of temperature (1/3 at 1.0, 2/3 at 1.3), capped at 0.95.
/// </summary>
public static class Degradation
{
    public const double SafeTemperature = 0.7;
    public const double Cap = 0.95;

    public static double BrokenJsonProbability(double temperature) =>
        temperature <= SafeTemperature ? 0 : Math.Min(Cap, (temperature - SafeTemperature) / 0.9);
}
