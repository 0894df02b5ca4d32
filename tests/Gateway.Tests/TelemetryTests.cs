using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Gateway.Telemetry;
using Gateway.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;

namespace Gateway.Tests;

/// <summary>What SREs' dashboards read: GenAI spans with the gateway's decision, metrics on /metrics, OTLP export,
/// and logs that hold no prompt text unless content capture is switched on.</summary>
public sealed class TelemetryTests
{
    private const string Model = SimulatorGatewayFixture.Model;

    [Fact]
    public async Task A_chat_request_gets_a_genai_span_with_the_decision()
    {
        var spans = new ConcurrentQueue<Activity>();
        await using var upstream = await SimulatorUpstream.StartAsync();
        await using var gateway = await StartWithSpansAsync(upstream.Address, spans);
        var trace = ActivityTraceId.CreateRandom();

        using var response = await SendAsync(gateway, trace, new
        {
            model = Model,
            temperature = 1.4,
            max_tokens = 50,
            messages = new[] { new { role = "user", content = "Write a short poem about the moon." } },
        });

        var span = await WaitForSpanAsync(spans, trace, s => s.DisplayName == $"chat {Model}");
        Assert.Equal(ActivityKind.Client, span.Kind);
        Assert.Equal("chat", span.GetTagItem("gen_ai.operation.name"));
        Assert.Equal("openai", span.GetTagItem("gen_ai.provider.name"));
        Assert.Equal(Model, span.GetTagItem("gen_ai.request.model"));
        Assert.Equal("creative", span.GetTagItem("gateway.task"));
        Assert.Equal("creative", span.GetTagItem("gateway.profile"));
        Assert.Equal(1.4, span.GetTagItem("gateway.client.temperature"));
        Assert.Equal(1.4, span.GetTagItem("gen_ai.request.temperature")); // Default mode keeps the client's value
        Assert.Equal(RepositoryConfig.ProfileValue("creative", "TopP"), span.GetTagItem("gen_ai.request.top_p"));
        Assert.Equal(50, span.GetTagItem("gen_ai.request.max_tokens"));
        Assert.NotNull(span.GetTagItem("gen_ai.response.id"));
        Assert.Equal(Model, span.GetTagItem("gen_ai.response.model"));
        Assert.Equal(new[] { "stop" }, span.GetTagItem("gen_ai.response.finish_reasons") as string[]);
        Assert.True((long)span.GetTagItem("gen_ai.usage.input_tokens")! > 0);
        Assert.True((long)span.GetTagItem("gen_ai.usage.output_tokens")! > 0);
        Assert.Equal("127.0.0.1", span.GetTagItem("server.address"));
        Assert.Equal(upstream.Address.Port, span.GetTagItem("server.port"));
        Assert.Equal(1, span.GetTagItem("gateway.attempts"));
        Assert.Equal("skipped", span.GetTagItem("gateway.validation"));
        Assert.Contains(span.GetTagItem("gateway.signals") as string[] ?? [], s => s.StartsWith("creative_writing:creative", StringComparison.Ordinal));

        // W3C trace context reaches vLLM, so vLLM's own spans join this trace.
        var traceparent = upstream.Requests.Snapshot()[^1].Headers["traceparent"];
        Assert.Contains(trace.ToHexString(), traceparent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_streaming_request_captures_usage_without_showing_the_client_an_extra_chunk()
    {
        var spans = new ConcurrentQueue<Activity>();
        await using var upstream = await SimulatorUpstream.StartAsync();
        await using var gateway = await StartWithSpansAsync(upstream.Address, spans);
        var trace = ActivityTraceId.CreateRandom();

        using var response = await SendAsync(gateway, trace, new
        {
            model = Model,
            stream = true,
            messages = new[] { new { role = "user", content = "Tell me about tea in three sentences." } },
        });
        var body = await response.Content.ReadAsStringAsync();

        var span = await WaitForSpanAsync(spans, trace, s => s.DisplayName == $"chat {Model}");
        Assert.True((long)span.GetTagItem("gen_ai.usage.input_tokens")! > 0);
        Assert.True((long)span.GetTagItem("gen_ai.usage.output_tokens")! > 0);
        Assert.Equal(new[] { "stop" }, span.GetTagItem("gen_ai.response.finish_reasons") as string[]);
        // The gateway asked vLLM for usage; the client, who did not, never sees the usage chunk.
        var upstreamBody = JsonNode.Parse(upstream.Requests.Snapshot()[^1].Body)!;
        Assert.True(upstreamBody["stream_options"]!["include_usage"]!.GetValue<bool>());
        Assert.DoesNotContain("\"usage\"", body, StringComparison.Ordinal);
        Assert.EndsWith("data: [DONE]\n\n", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_client_that_asked_for_usage_still_gets_its_usage_chunk()
    {
        await using var upstream = await SimulatorUpstream.StartAsync();
        await using var gateway = await GatewayHost.StartAsync(upstream.Address);

        using var response = await gateway.Http.PostAsync("/v1/chat/completions", JsonHttp.Body(new
        {
            model = Model,
            stream = true,
            stream_options = new { include_usage = true },
            messages = new[] { new { role = "user", content = "Tell me about tea." } },
        }));

        Assert.Contains("\"usage\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validation_retries_get_a_child_span_per_attempt_with_its_temperature_and_outcome()
    {
        var spans = new ConcurrentQueue<Activity>();
        await using var upstream = await FakeUpstream.StartAsync(JsonBreakingUpstream.Handler(0.5));
        await using var gateway = await StartWithSpansAsync(upstream.Address, spans, BreakingProfile);
        var trace = ActivityTraceId.CreateRandom();

        using var response = await SendAsync(gateway, trace, new
        {
            model = Model,
            response_format = new { type = "json_object" },
            messages = new[] { new { role = "user", content = "A person." } },
        });

        var parent = await WaitForSpanAsync(spans, trace, s => s.DisplayName == $"chat {Model}");
        var attempts = spans.Where(s => s.TraceId == trace && s.ParentSpanId == parent.SpanId && s.DisplayName == "gateway.attempt")
            .OrderBy(s => (int)s.GetTagItem("gateway.attempt.number")!).ToArray();
        Assert.Equal([1.0, 0.7, 0.4], attempts.Select(a => (double)a.GetTagItem("gen_ai.request.temperature")!));
        Assert.Equal(["invalid", "invalid", "valid"], attempts.Select(a => (string)a.GetTagItem("gateway.attempt.outcome")!));
        Assert.Contains("not valid JSON", (string)attempts[0].GetTagItem("gateway.validation.error")!, StringComparison.Ordinal);
        Assert.Equal(3, parent.GetTagItem("gateway.attempts"));
        Assert.Equal("passed", parent.GetTagItem("gateway.validation"));
        Assert.Equal(0.4, parent.GetTagItem("gen_ai.request.temperature"));
        Assert.Equal(51L, parent.GetTagItem("gateway.usage.total_tokens"));
    }

    [Fact]
    public async Task Metrics_are_served_as_prometheus_text_after_traffic()
    {
        await using var upstream = await FakeUpstream.StartAsync(JsonBreakingUpstream.Handler(0.5));
        await using var gateway = await GatewayHost.StartAsync(upstream.Address, config =>
        {
            BreakingProfile(config);
            config["Gateway"]!["Profiles"]!["function_call"]!["Adaptive"] = new JsonObject { ["Enabled"] = true };
            // A shadow rule set that calls everything code disagrees with the active rules on a chat.
            config["Gateway"]!["Classifier"]!["Shadow"] = new JsonObject
            {
                ["Rules"] = new JsonArray(new JsonObject { ["Name"] = "all-code", ["Task"] = "code", ["Model"] = "*" }),
            };
        });
        using (await gateway.Http.PostAsync("/v1/chat/completions", JsonHttp.Body(new
        {
            model = Model, response_format = new { type = "json_object" }, messages = new[] { new { role = "user", content = "A person." } },
        })))
        using (await gateway.Http.PostAsync("/v1/chat/completions", JsonHttp.Body(new
        {
            model = Model, messages = new[] { new { role = "user", content = "Hello, how are you?" } },
        })))
        {
        }

        var metrics = await gateway.Http.GetStringAsync("/metrics");

        foreach (var name in File.ReadAllLines(Path.Combine(RepositoryRoot(), "deploy", "metrics.txt")).Where(l => l.Length > 0))
        {
            Assert.True(metrics.Contains(name, StringComparison.Ordinal), $"{name} missing from /metrics:\n{metrics}");
        }

        Assert.Contains("gateway_requests_total{", metrics, StringComparison.Ordinal);
        Assert.Contains("gateway_task=\"function_call\"", metrics, StringComparison.Ordinal);
        Assert.Contains("gateway_retry_reason=\"validation\"", metrics, StringComparison.Ordinal);
        Assert.Contains("gen_ai_token_type=\"output\"", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Traces_reach_an_otlp_receiver_on_loopback()
    {
        var received = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var receiver = await FakeUpstream.StartAsync(context =>
        {
            if (context.Request.Path == "/v1/traces")
            {
                received.TrySetResult(context.Request.ContentType ?? "");
            }

            return Task.CompletedTask;
        });
        await using var upstream = await SimulatorUpstream.StartAsync();
        await using var gateway = await GatewayHost.StartAsync([upstream.Address], null, (Action<IServiceCollection>?)null,
            "--OTEL_EXPORTER_OTLP_ENDPOINT", receiver.Address.ToString().TrimEnd('/'),
            "--OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf",
            "--OTEL_BSP_SCHEDULE_DELAY", "100");

        using var response = await gateway.Http.PostAsync("/v1/chat/completions", JsonHttp.Body(new
        {
            model = Model, messages = new[] { new { role = "user", content = "Hello!" } },
        }));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/x-protobuf", await received.Task.WaitAsync(TimeSpan.FromSeconds(20)));
    }

    [Fact]
    public async Task No_prompt_text_reaches_the_logs_or_spans_unless_content_capture_is_on()
    {
        const string secret = "Zanzibar-7731 is my password";
        var spans = new ConcurrentQueue<Activity>();
        await using var upstream = await SimulatorUpstream.StartAsync();
        await using var gateway = await StartWithSpansAsync(upstream.Address, spans);
        var trace = ActivityTraceId.CreateRandom();

        using (await SendAsync(gateway, trace, new { model = Model, messages = new[] { new { role = "user", content = $"Summarize: {secret}" } } }))
        {
        }

        var span = await WaitForSpanAsync(spans, trace, s => s.DisplayName == $"chat {Model}");
        await gateway.Logs.WaitForAsync(e => e.EventId.Id == 2001);
        Assert.DoesNotContain(gateway.Logs.Entries, e => e.Message.Contains("Zanzibar", StringComparison.Ordinal));
        Assert.DoesNotContain(span.TagObjects, t => t.Value?.ToString()?.Contains("Zanzibar", StringComparison.Ordinal) == true);

        // With capture switched on the same text does appear, so the check above can fail.
        var captured = new ConcurrentQueue<Activity>();
        await using var capturing = await StartWithSpansAsync(upstream.Address, captured,
            c => c["Gateway"]!["Telemetry"] = new JsonObject { ["CaptureContent"] = true });
        var second = ActivityTraceId.CreateRandom();
        using (await SendAsync(capturing, second, new { model = Model, messages = new[] { new { role = "user", content = $"Summarize: {secret}" } } }))
        {
        }

        var capturedSpan = await WaitForSpanAsync(captured, second, s => s.DisplayName == $"chat {Model}");
        Assert.Contains("Zanzibar", (string)capturedSpan.GetTagItem("gen_ai.input.messages")!, StringComparison.Ordinal);
        Assert.Contains("\"message\"", (string)capturedSpan.GetTagItem("gen_ai.output.messages")!, StringComparison.Ordinal);
        await capturing.Logs.WaitForAsync(e => e.EventId.Id == 2003 && e.Message.Contains("Zanzibar", StringComparison.Ordinal));
    }

    private static void BreakingProfile(JsonObject config)
    {
        var profile = config["Gateway"]!["Profiles"]!["function_call"]!.AsObject();
        profile["Temperature"] = 1.0;
        profile.Remove("Bounds");
        profile["Retry"] = new JsonObject { ["TemperatureStep"] = 0.3 };
    }

    private static Task<GatewayHost> StartWithSpansAsync(Uri upstream, ConcurrentQueue<Activity> spans, Action<JsonObject>? configure = null) =>
        GatewayHost.StartAsync([upstream], configure, services =>
            services.AddGatewayTracing().ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(new QueueCollection(spans))));

    private static async Task<HttpResponseMessage> SendAsync(GatewayHost gateway, ActivityTraceId trace, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = JsonHttp.Body(body) };
        request.Headers.Add("traceparent", $"00-{trace.ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
        return await gateway.Http.SendAsync(request);
    }

    // Several gateways run in one test process and ActivitySource listeners see them all: filter by trace id.
    private static async Task<Activity> WaitForSpanAsync(ConcurrentQueue<Activity> spans, ActivityTraceId trace, Func<Activity, bool> predicate)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var span = spans.FirstOrDefault(s => s.TraceId == trace && predicate(s));
            if (span is not null)
            {
                return span;
            }

            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(10), "span not exported within 10 s");
            await Task.Delay(20);
        }
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(directory!.FullName, "Gateway.sln")))
        {
            directory = directory.Parent;
        }

        return directory.FullName;
    }

    /// <summary>The in-memory exporter wants an ICollection; a queue is safe for concurrent exports.</summary>
    private sealed class QueueCollection(ConcurrentQueue<Activity> queue) : ICollection<Activity>
    {
        public int Count => queue.Count;

        public bool IsReadOnly => false;

        public void Add(Activity item) => queue.Enqueue(item);

        public void Clear() => queue.Clear();

        public bool Contains(Activity item) => queue.Contains(item);

        public void CopyTo(Activity[] array, int arrayIndex) => queue.CopyTo(array, arrayIndex);

        public bool Remove(Activity item) => throw new NotSupportedException();

        public IEnumerator<Activity> GetEnumerator() => queue.GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
