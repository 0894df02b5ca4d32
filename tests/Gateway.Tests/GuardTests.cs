using System.ClientModel;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Gateway.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using OpenAI;
using OpenAI.Chat;

namespace Gateway.Tests;

/// <summary>
/// The structured-output guard seen from the OpenAI SDK: an upstream that breaks JSON above temperature 0.5,
/// a function_call profile starting at 1.0 that steps down by 0.3. The client gets valid output; vLLM sees
/// falling temperatures; the headers tell the attempts.
/// </summary>
public sealed class GuardTests
{
    private const double Threshold = 0.5;
    private const string PersonSchema = """{"type":"object","properties":{"name":{"type":"string"},"age":{"type":"integer"}},"required":["name","age"],"additionalProperties":false}""";

    [Fact]
    public async Task Json_schema_answers_are_retried_at_falling_temperatures_until_valid()
    {
        await using var setup = await Setup.StartAsync();
        var options = new ChatCompletionOptions
        {
            ResponseFormat = ChatResponseFormat.CreateJsonSchemaFormat("person", BinaryData.FromString(PersonSchema)),
        };

        var result = await setup.Chat.CompleteChatAsync([new UserChatMessage("Give me a person.")], options);

        using var content = JsonDocument.Parse(result.Value.Content[0].Text);
        Assert.Equal("Ada", content.RootElement.GetProperty("name").GetString());
        Assert.Equal([1.0, 0.7, 0.4], JsonBreakingUpstream.Temperatures(setup.Upstream));
        Assert.Equal("3", Header(result, "x-gateway-attempts"));
        Assert.Equal("passed", Header(result, "x-gateway-validation"));
        Assert.Equal("function_call", Header(result, "x-gateway-task"));
        Assert.Equal("51", Header(result, "x-gateway-total-tokens")); // 3 attempts × 17 tokens
        Assert.Equal(17, result.Value.Usage.TotalTokenCount); // the delivered attempt's own usage
    }

    [Fact]
    public async Task Json_object_answers_are_validated()
    {
        await using var setup = await Setup.StartAsync();

        var result = await setup.Chat.CompleteChatAsync([new UserChatMessage("A person as JSON.")],
            new ChatCompletionOptions { ResponseFormat = ChatResponseFormat.CreateJsonObjectFormat() });

        Assert.Equal(JsonValueKind.Object, JsonDocument.Parse(result.Value.Content[0].Text).RootElement.ValueKind);
        Assert.Equal([1.0, 0.7, 0.4], JsonBreakingUpstream.Temperatures(setup.Upstream));
        Assert.Equal("passed", Header(result, "x-gateway-validation"));
    }

    [Fact]
    public async Task Tool_call_arguments_are_validated_against_the_functions_parameters()
    {
        await using var setup = await Setup.StartAsync();
        var tool = ChatTool.CreateFunctionTool("get_weather", "Weather for a city",
            BinaryData.FromString("""{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}"""));

        var result = await setup.Chat.CompleteChatAsync([new UserChatMessage("Weather in Paris?")], new ChatCompletionOptions { Tools = { tool } });

        var call = Assert.Single(result.Value.ToolCalls);
        Assert.Equal("Paris", JsonDocument.Parse(call.FunctionArguments).RootElement.GetProperty("city").GetString());
        Assert.Equal([1.0, 0.7, 0.4], JsonBreakingUpstream.Temperatures(setup.Upstream));
        Assert.Equal("3", Header(result, "x-gateway-attempts"));
    }

    [Theory]
    [InlineData("Respond with JSON only: a person with a name and an age.")]
    [InlineData("请只返回 JSON：一个人的姓名和年龄。")]
    public async Task A_prompt_asking_for_json_only_gets_json(string prompt)
    {
        await using var setup = await Setup.StartAsync();

        var result = await setup.Chat.CompleteChatAsync([new UserChatMessage(prompt)]);

        Assert.Equal("function_call", Header(result, "x-gateway-task"));
        using var content = JsonDocument.Parse(result.Value.Content[0].Text);
        Assert.Equal([1.0, 0.7, 0.4], JsonBreakingUpstream.Temperatures(setup.Upstream));
        Assert.Equal("passed", Header(result, "x-gateway-validation"));
    }

    [Fact]
    public async Task A_streaming_json_schema_request_is_validated_then_replayed_as_sse()
    {
        await using var setup = await Setup.StartAsync();
        var options = new ChatCompletionOptions
        {
            ResponseFormat = ChatResponseFormat.CreateJsonSchemaFormat("person", BinaryData.FromString(PersonSchema)),
        };

        var text = new StringBuilder();
        ChatFinishReason? finish = null;
        ChatTokenUsage? usage = null;
        await foreach (var update in setup.Chat.CompleteChatStreamingAsync([new UserChatMessage("Give me a person.")], options))
        {
            foreach (var part in update.ContentUpdate)
            {
                text.Append(part.Text);
            }

            finish ??= update.FinishReason;
            usage ??= update.Usage;
        }

        Assert.Equal(JsonBreakingUpstream.ValidPerson, text.ToString());
        Assert.Equal(ChatFinishReason.Stop, finish);
        Assert.NotNull(usage); // the .NET SDK always asks for usage when streaming
        var received = JsonBreakingUpstream.Received(setup.Upstream);
        Assert.Equal([1.0, 0.7, 0.4], received.Select(b => b["temperature"]!.GetValue<double>()));
        Assert.All(received, b => Assert.False(b["stream"]!.GetValue<bool>())); // fetched whole
        Assert.All(received, b => Assert.False(b.ContainsKey("stream_options")));
    }

    [Fact]
    public async Task The_replayed_stream_has_vllms_shape()
    {
        await using var setup = await Setup.StartAsync();
        using var response = await setup.Host.Http.PostAsync("/v1/chat/completions", JsonHttp.Body(new
        {
            model = "m",
            stream = true,
            response_format = new { type = "json_object" },
            messages = new[] { new { role = "user", content = "A person." } },
        }));

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("3", response.Headers.GetValues("x-gateway-attempts").Single());
        var events = (await response.Content.ReadAsStringAsync()).Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("data: [DONE]", events[^1]);
        var chunks = events[..^1].Select(e => JsonNode.Parse(e["data: ".Length..])!).ToArray();
        Assert.All(chunks, c => Assert.Equal("chat.completion.chunk", c["object"]!.GetValue<string>()));
        Assert.Equal("assistant", chunks[0]["choices"]![0]!["delta"]!["role"]!.GetValue<string>());
        Assert.Equal("stop", chunks[^1]["choices"]![0]!["finish_reason"]!.GetValue<string>());
        Assert.DoesNotContain(chunks, c => c["usage"] is not null); // the client did not ask for usage
        var content = string.Concat(chunks.Select(c => c["choices"]![0]!["delta"]!["content"]?.GetValue<string>()));
        Assert.Equal(JsonBreakingUpstream.ValidPerson, content);
    }

    [Fact]
    public async Task An_always_broken_upstream_stops_at_the_budget_and_returns_the_last_answer_marked_failed()
    {
        await using var setup = await Setup.StartAsync(threshold: -1, constrainedDecoding: false);

        using var response = await setup.Host.Http.PostAsync("/v1/chat/completions", JsonObjectRequest());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("failed", response.Headers.GetValues("x-gateway-validation").Single());
        Assert.Equal("3", response.Headers.GetValues("x-gateway-attempts").Single());
        Assert.Equal(3, setup.Upstream.Bodies.Count);
        var body = await JsonHttp.ReadAsync(response);
        Assert.Equal(JsonBreakingUpstream.BrokenPerson, body.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString());
    }

    [Fact]
    public async Task An_always_broken_upstream_gives_a_validation_error_when_configured()
    {
        await using var setup = await Setup.StartAsync(threshold: -1, constrainedDecoding: false,
            configure: c => c["Gateway"]!["Guard"] = new JsonObject { ["OnExhausted"] = "Error" });

        using var response = await setup.Host.Http.PostAsync("/v1/chat/completions", JsonObjectRequest());

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        var error = (await JsonHttp.ReadAsync(response)).GetProperty("error");
        Assert.Equal("validation_failed", error.GetProperty("type").GetString());
        Assert.Contains("not valid JSON", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(3, setup.Upstream.Bodies.Count);
    }

    [Fact]
    public async Task At_the_floor_the_seed_changes_and_the_last_attempt_asks_for_constrained_decoding()
    {
        await using var setup = await Setup.StartAsync(threshold: 0.05, temperature: 0.3, step: 0.2, floor: 0.1);

        using var response = await setup.Host.Http.PostAsync("/v1/chat/completions", JsonObjectRequest(seed: 7));

        Assert.Equal("passed", response.Headers.GetValues("x-gateway-validation").Single());
        var received = JsonBreakingUpstream.Received(setup.Upstream);
        Assert.Equal([0.3, 0.1, 0.1], received.Select(b => b["temperature"]!.GetValue<double>()));
        Assert.Equal([7L, 7L, 8L], received.Select(b => b["seed"]!.GetValue<long>()));
        Assert.False(received[1].ContainsKey("structured_outputs"));
        Assert.True(received[2]["structured_outputs"]!["json_object"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Before_vllm_0_12_the_constrained_attempt_sends_guided_json()
    {
        await using var setup = await Setup.StartAsync(threshold: -1,
            configure: c => c["Gateway"]!["Guard"] = new JsonObject { ["VllmVersion"] = "0.11.2" });
        var schema = JsonNode.Parse(PersonSchema)!;

        using var response = await setup.Host.Http.PostAsync("/v1/chat/completions", JsonHttp.Body(new
        {
            model = "m",
            response_format = new { type = "json_schema", json_schema = new { name = "person", schema } },
            messages = new[] { new { role = "user", content = "A person." } },
        }));

        var last = JsonBreakingUpstream.Received(setup.Upstream)[^1];
        Assert.True(JsonNode.DeepEquals(schema, last["guided_json"]));
        Assert.False(last.ContainsKey("structured_outputs"));
        Assert.Equal("passed", response.Headers.GetValues("x-gateway-validation").Single());
    }

    [Fact]
    public async Task An_upstream_503_once_is_retried_and_the_client_sees_200()
    {
        var calls = 0;
        await using var upstream = await FakeUpstream.StartAsync(async context =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                context.Response.StatusCode = 503;
                await context.Response.WriteAsJsonAsync(new { error = new { message = "loading", type = "ServiceUnavailable", code = 503 } });
                return;
            }

            await JsonBreakingUpstream.Handler(2)(context);
        });
        await using var gateway = await GatewayHost.StartAsync(upstream.Address);

        using var response = await gateway.Http.PostAsync("/v1/chat/completions",
            JsonHttp.Body(new { model = "m", messages = new[] { new { role = "user", content = "Hello there!" } } }));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("2", response.Headers.GetValues("x-gateway-attempts").Single());
        Assert.Equal(2, upstream.Bodies.Count);
    }

    [Fact]
    public async Task An_upstream_400_is_returned_once_and_never_retried()
    {
        await using var upstream = await FakeUpstream.StartAsync(async context =>
        {
            context.Response.StatusCode = 400;
            await context.Response.WriteAsJsonAsync(new { error = new { message = "bad schema", type = "BadRequestError", param = (string?)null, code = 400 } });
        });
        await using var gateway = await GatewayHost.StartAsync(upstream.Address);

        using var response = await gateway.Http.PostAsync("/v1/chat/completions", JsonObjectRequest());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("bad schema", (await JsonHttp.ReadAsync(response)).GetProperty("error").GetProperty("message").GetString());
        Assert.Single(upstream.Bodies);
    }

    [Fact]
    public async Task A_client_that_leaves_cancels_the_attempt_in_flight_and_any_further_attempt()
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var upstream = await FakeUpstream.StartAsync(async context =>
        {
            started.TrySetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                cancelled.TrySetResult();
            }
        });
        await using var gateway = await GatewayHost.StartAsync(upstream.Address);
        using var leave = new CancellationTokenSource();

        var request = gateway.Http.PostAsync("/v1/chat/completions", JsonObjectRequest(stream: true), leave.Token);
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await leave.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => request);
        await cancelled.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Single(upstream.Bodies);
    }

    [Fact]
    public async Task Adaptive_temperature_falls_after_failures_and_comes_back_after_successes()
    {
        var broken = true;
        await using var upstream = await FakeUpstream.StartAsync(context =>
            JsonBreakingUpstream.Handler(Volatile.Read(ref broken) ? -1 : 2)(context));
        await using var gateway = await GatewayHost.StartAsync(upstream.Address, c =>
        {
            var profile = c["Gateway"]!["Profiles"]!["function_call"]!.AsObject();
            profile["Temperature"] = 0.5;
            profile["Retry"] = new JsonObject { ["MaxAttempts"] = 1 };
            profile["Adaptive"] = new JsonObject { ["Enabled"] = true, ["Step"] = 0.2, ["RecoveryStep"] = 0.1, ["RecoverAfter"] = 2, ["Floor"] = 0.1 };
        });

        async Task<double> SentTemperature()
        {
            using var response = await gateway.Http.PostAsync("/v1/chat/completions", JsonObjectRequest());
            return JsonNode.Parse(upstream.Bodies.Last())!["temperature"]!.GetValue<double>();
        }

        Assert.Equal(0.5, await SentTemperature()); // fails: 0.5 → 0.3
        Assert.Equal(0.3, await SentTemperature()); // fails: 0.3 → 0.1
        Assert.Equal(0.1, await SentTemperature()); // fails: stays at the floor
        var profiles = await gateway.Http.GetFromJsonAsync<JsonObject>("/gateway/profiles");
        Assert.Equal(0.1, profiles!["adaptive"]!["function_call"]!["current"]!.GetValue<double>());

        Volatile.Write(ref broken, false);
        Assert.Equal(0.1, await SentTemperature());
        Assert.Equal(0.1, await SentTemperature()); // two successes: 0.1 → 0.2
        Assert.Equal(0.2, await SentTemperature());
        Assert.Equal(0.2, await SentTemperature()); // → 0.3
        Assert.Equal(0.3, await SentTemperature());
    }

    private static StringContent JsonObjectRequest(long? seed = null, bool stream = false) => JsonHttp.Body(new
    {
        model = "m",
        seed,
        stream,
        response_format = new { type = "json_object" },
        messages = new[] { new { role = "user", content = "A person as JSON." } },
    });

    private static string? Header<T>(ClientResult<T> result, string name) =>
        result.GetRawResponse().Headers.TryGetValue(name, out var value) ? value : null;

    private sealed class Setup : IAsyncDisposable
    {
        private Setup(FakeUpstream upstream, GatewayHost gateway)
        {
            Upstream = upstream;
            Host = gateway;
            Chat = new ChatClient("m", new ApiKeyCredential("sk"), new OpenAIClientOptions { Endpoint = gateway.OpenAIEndpoint });
        }

        public FakeUpstream Upstream { get; }

        public GatewayHost Host { get; }

        public ChatClient Chat { get; }

        public static async Task<Setup> StartAsync(
            double threshold = Threshold, double temperature = 1.0, double step = 0.3, double floor = 0.1,
            bool constrainedDecoding = true, Action<JsonObject>? configure = null)
        {
            var upstream = await FakeUpstream.StartAsync(JsonBreakingUpstream.Handler(threshold));
            var gateway = await GatewayHost.StartAsync(upstream.Address, c =>
            {
                var profile = c["Gateway"]!["Profiles"]!["function_call"]!.AsObject();
                profile["Temperature"] = temperature;
                profile.Remove("Bounds");
                profile["Retry"] = new JsonObject
                {
                    ["MaxAttempts"] = 3, ["TemperatureStep"] = step, ["TemperatureFloor"] = floor, ["ConstrainedDecoding"] = constrainedDecoding,
                };
                configure?.Invoke(c);
            });
            return new Setup(upstream, gateway);
        }

        public async ValueTask DisposeAsync()
        {
            await Host.DisposeAsync();
            await Upstream.DisposeAsync();
        }
    }
}
