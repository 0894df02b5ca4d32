using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests;

[CollectionDefinition(nameof(LoadTests), DisableParallelization = true)]
public sealed class LoadCollection;

/// <summary>
/// A bounded burst of 200 concurrent mixed requests (streaming and not, structured with retries, clients that
/// leave mid-stream): every request is answered in full or with a clear error, and memory and open handles end
/// where they began. Runs alone, so other tests' sockets and allocations do not blur the measure.
/// </summary>
[Collection(nameof(LoadTests))]
public sealed class LoadTests
{
    private const int Concurrency = 200;
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(45);

    [Fact]
    public async Task Two_hundred_concurrent_mixed_requests_are_all_answered_and_nothing_leaks()
    {
        await using var upstream = await SimulatorUpstream.StartAsync(o => o.TokenDelayMs = 2);
        // function_call starts hot here, so that about a third of the structured answers break and are retried.
        await using var gateway = await GatewayHost.StartAsync(upstream.Address, c =>
        {
            var profile = c["Gateway"]!["Profiles"]!["function_call"]!.AsObject();
            profile["Temperature"] = 1.1;
            profile.Remove("Bounds");
        });
        using var client = new HttpClient { BaseAddress = gateway.BaseAddress, Timeout = Bound };

        // A first round warms up pools, JIT and connections to the same concurrency; the second is measured.
        await RunRoundAsync(client, seed: 1);
        var (handlesBefore, memoryBefore) = Measure();
        var outcomes = await RunRoundAsync(client, seed: 2);
        var (handlesAfter, memoryAfter) = Measure();

        var failures = outcomes.Where(o => !o.Ok).Select(o => o.Describe).ToList();
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(10)));
        Assert.Contains(outcomes, o => o.Kind == "structured" && o.Attempts > 1); // retries really happened
        Assert.True(handlesAfter <= handlesBefore + 20, $"open handles went from {handlesBefore} to {handlesAfter}");
        Assert.True(memoryAfter - memoryBefore < 32 * 1024 * 1024, $"managed memory went from {memoryBefore:N0} to {memoryAfter:N0} bytes");
        using var health = await client.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    private static async Task<Outcome[]> RunRoundAsync(HttpClient client, int seed)
    {
        using var bound = new CancellationTokenSource(Bound);
        var tasks = Enumerable.Range(0, Concurrency).Select(i => (i % 4) switch
        {
            0 => PlainAsync(client, i, bound.Token),
            1 => StreamAsync(client, i, leaveEarly: false, bound.Token),
            2 => StructuredAsync(client, i + (seed * 1000), bound.Token),
            _ => StreamAsync(client, i, leaveEarly: true, bound.Token),
        });
        return await Task.WhenAll(tasks);
    }

    private static async Task<Outcome> PlainAsync(HttpClient client, int i, CancellationToken cancellationToken)
    {
        using var response = await client.PostAsync("/v1/chat/completions", JsonHttp.Body(new
        {
            model = SimulatorGatewayFixture.Model,
            max_tokens = 20,
            messages = new[] { new { role = "user", content = $"Question {i}: how are you today?" } },
        }), cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        return Outcome.Of("plain", response, body, complete: response.IsSuccessStatusCode && Json(body).GetProperty("choices").GetArrayLength() == 1);
    }

    private static async Task<Outcome> StructuredAsync(HttpClient client, int seed, CancellationToken cancellationToken)
    {
        using var response = await client.PostAsync("/v1/chat/completions", JsonHttp.Body(new
        {
            model = SimulatorGatewayFixture.Model,
            seed,
            response_format = new { type = "json_object" },
            messages = new[] { new { role = "user", content = "A person as JSON." } },
        }), cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        var attempts = response.Headers.TryGetValues("x-gateway-attempts", out var values) ? int.Parse(values.Single(), System.Globalization.CultureInfo.InvariantCulture) : 0;
        return Outcome.Of("structured", response, body, complete: response.IsSuccessStatusCode && Json(body).GetProperty("choices").GetArrayLength() == 1, attempts);
    }

    private static async Task<Outcome> StreamAsync(HttpClient client, int i, bool leaveEarly, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = JsonHttp.Body(new
            {
                model = SimulatorGatewayFixture.Model,
                stream = true,
                max_tokens = 40,
                messages = new[] { new { role = "user", content = $"Tell me story number {i}." } },
            }),
        };
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            return Outcome.Of("stream", response, await response.Content.ReadAsStringAsync(cancellationToken), complete: false);
        }

        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
        var last = "";
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (leaveEarly && line.StartsWith("data: ", StringComparison.Ordinal))
            {
                return new Outcome("leave", true, "left after the first chunk", 1); // disposing the response aborts it
            }

            if (line.Length > 0)
            {
                last = line;
            }
        }

        return Outcome.Of("stream", response, last, complete: last == "data: [DONE]");
    }

    private static JsonElement Json(string body) => JsonDocument.Parse(body).RootElement;

    private static (int Handles, long Memory) Measure()
    {
        // Idle pooled connections close on their own schedule; count what is open once collections have run.
        for (var i = 0; i < 3; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        var handles = Directory.Exists("/proc/self/fd") ? Directory.GetFiles("/proc/self/fd").Length : Process.GetCurrentProcess().HandleCount;
        return (handles, GC.GetTotalMemory(forceFullCollection: true));
    }

    private sealed record Outcome(string Kind, bool Ok, string Describe, int Attempts)
    {
        // Answered in full, or with a clear OpenAI-shaped error.
        public static Outcome Of(string kind, HttpResponseMessage response, string body, bool complete, int attempts = 1)
        {
            if (complete)
            {
                return new Outcome(kind, true, "", attempts);
            }

            var clearError = !response.IsSuccessStatusCode && body.Contains("\"error\"", StringComparison.Ordinal);
            return new Outcome(kind, clearError, $"{kind}: {(int)response.StatusCode} {body[..Math.Min(body.Length, 200)]}", attempts);
        }
    }
}
