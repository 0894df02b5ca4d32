using System.Collections.Concurrent;

namespace Gateway.Tuner.Sweep;

/// <summary>Runs every (prompt, temperature, sample) against the raw endpoint, then optionally through the gateway.</summary>
public sealed class SweepRunner(SweepOptions options, IReadOnlyList<PromptSpec> prompts, IProgress<int> progress)
{
    private sealed record Job(int PromptIndex, double? Temperature, int Sample);

    public static int CountRequests(SweepOptions options, IReadOnlyList<PromptSpec> prompts) =>
        prompts.Count * options.Samples * (options.Temperatures.Count + (options.CompareGateway is null ? 0 : 1));

    public async Task<SweepResult> RunAsync(CancellationToken cancellationToken)
    {
        var raw = new ChatSampler(options.BaseUrl, options.Model, options.ApiKey, options.Timeout, options.Fixed, options.Headers);
        var served = await raw.CheckAsync(cancellationToken);
        if (!served.Contains(options.Model))
        {
            throw new UpstreamException($"{options.BaseUrl} does not serve model '{options.Model}'; it serves: {string.Join(", ", served)}.");
        }

        var done = 0;
        var jobs = options.Temperatures.SelectMany(t => Jobs(t)).ToList();
        var rawSamples = await RunJobsAsync(raw, jobs, () => progress.Report(Interlocked.Increment(ref done)), cancellationToken);

        var rows = new List<Row>();
        foreach (var task in prompts.Select(p => p.Task).Distinct())
        {
            foreach (var temperature in options.Temperatures)
            {
                rows.Add(RowBuilder.Build(task, RowBuilder.Raw, temperature, prompts,
                    rawSamples.Where(s => s.Job.Temperature == temperature && prompts[s.Job.PromptIndex].Task == task)
                        .Select(s => s.Sample).ToList()));
            }
        }

        if (options.CompareGateway is { } gatewayUrl)
        {
            rows.AddRange(await RunGatewayAsync(gatewayUrl, () => progress.Report(Interlocked.Increment(ref done)), cancellationToken));
        }

        return new SweepResult(options, prompts, rows, Recommender.Recommend(rows, options));
    }

    private IEnumerable<Job> Jobs(double? temperature) =>
        Enumerable.Range(0, prompts.Count).SelectMany(p => Enumerable.Range(0, options.Samples).Select(s => new Job(p, temperature, s)));

    /// <summary>
    /// No temperature is sent, so the profile decides. The task is not forced with x-gateway-task: the gateway
    /// classifies as it would for a real client (and a forced task currently skips its output validation).
    /// </summary>
    private async Task<IEnumerable<Row>> RunGatewayAsync(Uri gatewayUrl, Action tick, CancellationToken cancellationToken)
    {
        var rows = new List<Row>();
        foreach (var task in prompts.Select(p => p.Task).Distinct())
        {
            var sampler = new ChatSampler(gatewayUrl, options.Model, options.ApiKey, options.Timeout,
                new FixedParameters { TopP = null }, new Dictionary<string, string>());
            var jobs = Jobs(null).Where(j => prompts[j.PromptIndex].Task == task).ToList();
            var samples = await RunJobsAsync(sampler, jobs, tick, cancellationToken);
            var profileTemperature = await GatewayProbe.TemperatureAsync(gatewayUrl, options, prompts.First(p => p.Task == task),
                cancellationToken);
            rows.Add(RowBuilder.Build(task, RowBuilder.ThroughGateway, profileTemperature, prompts,
                samples.Select(s => s.Sample).ToList()));
        }

        return rows;
    }

    private async Task<List<(Job Job, Sample Sample)>> RunJobsAsync(ChatSampler sampler, List<Job> jobs, Action tick,
        CancellationToken cancellationToken)
    {
        var results = new ConcurrentBag<(Job, Sample)>();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(jobs, parallel, async (job, ct) =>
        {
            int? seed = options.SeedBase is { } seedBase ? seedBase + job.Sample : null;
            var sample = await sampler.SampleAsync(prompts[job.PromptIndex], job.PromptIndex, job.Temperature, seed, ct);
            results.Add((job, sample));
            tick();
        });
        return results.OrderBy(r => r.Item1.PromptIndex).ThenBy(r => r.Item1.Sample).ToList();
    }
}

public sealed record SweepResult(SweepOptions Options, IReadOnlyList<PromptSpec> Prompts, IReadOnlyList<Row> Rows,
    Recommendation Recommendation);
