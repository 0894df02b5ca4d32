using Gateway.Tuner.Measures;

namespace Gateway.Tuner.Sweep;

/// <summary>Folds the samples of one task and setting into a Row.</summary>
public static class RowBuilder
{
    public const string Raw = "raw";
    public const string ThroughGateway = "gateway";

    public static Row Build(string task, string source, double? temperature, IReadOnlyList<PromptSpec> prompts,
        IReadOnlyList<Sample> samples)
    {
        var jsonSamples = samples.Where(s => prompts[s.PromptIndex].RequiresJson).ToList();
        var schemaSamples = jsonSamples.Where(s => prompts[s.PromptIndex].Schema is not null).ToList();
        var validators = prompts.Select(p => p.Schema is null ? null : new JsonValidity(p.Schema)).ToList();

        // Consistency is per prompt (different prompts have different answers), then averaged.
        var perPrompt = samples.GroupBy(s => s.PromptIndex)
            .Select(g => Consistency.Measure(g.Select(s => s.Text).ToList())).ToList();
        var latencies = samples.Select(s => s.LatencyMs).Order().ToList();
        var decisions = samples.Select(s => s.Gateway).OfType<GatewayDecision>().ToList();

        return new Row
        {
            Task = task,
            Source = source,
            Temperature = temperature,
            Samples = samples.Count,
            Errors = samples.Count(s => s.Error is not null),
            ValidJsonRate = Rate(jsonSamples, s => JsonValidity.IsValidJson(s.Text)),
            SchemaValidRate = Rate(schemaSamples, s => validators[s.PromptIndex]!.IsSchemaValid(s.Text)),
            Consistency = perPrompt.Count == 0 ? 0 : perPrompt.Average(c => c.Share),
            DistinctAnswers = perPrompt.Count == 0 ? 0 : perPrompt.Average(c => c.Distinct),
            Repetition = samples.Count == 0 ? 0 : samples.Average(s => Repetition.Measure(s.Text)),
            LatencyMsMean = latencies.Count == 0 ? 0 : latencies.Average(),
            LatencyMsP95 = latencies.Count == 0 ? 0 : latencies[(int)Math.Ceiling(0.95 * latencies.Count) - 1],
            CompletionTokensMean = samples.Count == 0 ? 0 : samples.Average(s => s.CompletionTokens),
            Gateway = decisions.Count == 0 ? null : new GatewaySummary(
                decisions.GroupBy(d => d.Profile).OrderByDescending(g => g.Count()).First().Key,
                decisions.Average(d => d.Attempts),
                decisions.Count(d => d.Validation == "passed") / (double)decisions.Count),
        };
    }

    private static double? Rate(List<Sample> samples, Func<Sample, bool> ok) =>
        samples.Count == 0 ? null : samples.Count(ok) / (double)samples.Count;
}
