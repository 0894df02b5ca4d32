namespace Gateway.Simulator;

/// <summary>Settings bound from the "Simulator" configuration section (env: Simulator__X).</summary>
public sealed class SimulatorOptions
{
    public const string SectionName = "Simulator";

    /// <summary>The single served model name, as vLLM's --served-model-name.</summary>
    public string Model { get; set; } = "Qwen/Qwen2.5-7B-Instruct";

    /// <summary>Delay between streamed tokens; non-streaming answers wait tokens * delay in total.</summary>
    public int TokenDelayMs { get; set; }

    /// <summary>Seeds the process-wide RNG used when a request carries no seed, so a run is reproducible.</summary>
    public int Seed { get; set; } = 42;

    /// <summary>Context window reported by /v1/models and enforced on prompt + max_tokens.</summary>
    public int MaxModelLen { get; set; } = 32768;
}
