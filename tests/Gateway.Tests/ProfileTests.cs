using System.Net;
using System.Text.Json;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests;

/// <summary>What reaches vLLM: each task's profile, under its mode, with everything else untouched.</summary>
public sealed class ProfileTests(SimulatorGatewayFixture fixture) : IClassFixture<SimulatorGatewayFixture>
{
    private static readonly string[] ControlledFields =
        ["Temperature", "TopP", "TopK", "MinP", "FrequencyPenalty", "PresencePenalty", "RepetitionPenalty"];

    public static TheoryData<string, string> PromptsByTask => new()
    {
        { "function_call", "Return only JSON with the keys name and age for: Alice is 31." },
        { "code", "Fix the bug in this Python function:\n```python\ndef add(a, b):\n    return a - b\n```" },
        { "chat", "Hi! How was your weekend? Any advice for staying motivated on Mondays?" },
        { "creative", "Write a short poem about the sea at night." },
        { "summary", "Translate into French: The train leaves at nine." },
    };

    [Theory]
    [MemberData(nameof(PromptsByTask))]
    public async Task Each_task_sends_its_profile_parameters_upstream(string task, string prompt)
    {
        using var response = await PostChatAsync(new { model = SimulatorGatewayFixture.Model, messages = new[] { new { role = "user", content = prompt } } });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(task, response.Headers.GetValues("x-gateway-task").Single());
        var received = fixture.Upstream.LastBody("/v1/chat/completions");
        var profile = RepositoryConfig.Load()["Gateway"]!["Profiles"]![task]!.AsObject();
        foreach (var field in ControlledFields)
        {
            // vLLM fills any omitted field from generation_config, so every controlled field must be stated.
            Assert.True(received.TryGetProperty(WireName(field), out var value), $"{WireName(field)} missing upstream for {task}");
            Assert.Equal(profile[field]!.GetValue<double>(), value.GetDouble());
        }
    }

    [Fact]
    public async Task Enforce_replaces_the_clients_temperature_on_a_function_call()
    {
        using var response = await PostChatAsync(new
        {
            model = SimulatorGatewayFixture.Model,
            temperature = 1.3,
            messages = new[] { new { role = "user", content = "Respond with JSON only: the three primary colours as an array." } },
        });

        Assert.Equal("function_call", response.Headers.GetValues("x-gateway-task").Single());
        var received = fixture.Upstream.LastBody("/v1/chat/completions");
        Assert.Equal(RepositoryConfig.ProfileValue("function_call", "Temperature"), received.GetProperty("temperature").GetDouble());
    }

    [Fact]
    public async Task Default_mode_keeps_the_clients_own_values()
    {
        using var response = await PostChatAsync(new
        {
            model = SimulatorGatewayFixture.Model,
            temperature = 0.55,
            top_p = 0.5,
            max_completion_tokens = 77,
            messages = new[] { new { role = "user", content = "Write a haiku about snow." } },
        });

        Assert.Equal("creative", response.Headers.GetValues("x-gateway-task").Single());
        var received = fixture.Upstream.LastBody("/v1/chat/completions");
        Assert.Equal(0.55, received.GetProperty("temperature").GetDouble());
        Assert.Equal(0.5, received.GetProperty("top_p").GetDouble());
        Assert.Equal(77, received.GetProperty("max_completion_tokens").GetInt32());
        Assert.False(received.TryGetProperty("max_tokens", out _));
        // What the client left out comes from the profile.
        Assert.Equal(RepositoryConfig.ProfileValue("creative", "FrequencyPenalty"), received.GetProperty("frequency_penalty").GetDouble());
    }

    [Fact]
    public async Task Bounds_clamp_a_clients_value_in_default_mode()
    {
        var max = RepositoryConfig.Load()["Gateway"]!["Profiles"]!["code"]!["Bounds"]!["Temperature"]!["Max"]!.GetValue<double>();
        using var response = await PostChatAsync(new
        {
            model = SimulatorGatewayFixture.Model,
            temperature = 1.9,
            messages = new[] { new { role = "user", content = "Write a SQL query that counts orders per customer." } },
        });

        Assert.Equal("code", response.Headers.GetValues("x-gateway-task").Single());
        Assert.Equal(max, fixture.Upstream.LastBody("/v1/chat/completions").GetProperty("temperature").GetDouble());
    }

    [Fact]
    public async Task Unknown_fields_and_vllm_extras_arrive_unchanged()
    {
        const string extras = """
            {"metadata":{"team":"search","trace":[1,2,{"deep":null}]},"user":"u-42","guided_choice":["yes","no"],
             "chat_template_kwargs":{"enable_thinking":false},"a_future_field":"\u00e9t\u00e9 \u201cquoted\u201d 中文","logit_bias":{"50256":-100}}
            """;
        var body = JsonDocument.Parse(extras).RootElement;
        var request = $$"""{"model":"{{SimulatorGatewayFixture.Model}}","messages":[{"role":"user","content":"hello there"}],{{extras.Trim()[1..^1]}}}""";

        using var response = await fixture.Gateway.Http.PostAsync("/v1/chat/completions", JsonHttp.Raw(request));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = fixture.Upstream.LastBody("/v1/chat/completions");
        foreach (var property in body.EnumerateObject())
        {
            Assert.True(received.TryGetProperty(property.Name, out var value), $"{property.Name} was dropped");
            Assert.True(JsonElement.DeepEquals(property.Value, value), $"{property.Name} changed: {value}");
        }
    }

    [Fact]
    public async Task The_task_header_forces_the_task()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = JsonHttp.Body(new { model = SimulatorGatewayFixture.Model, messages = new[] { new { role = "user", content = "Write a poem about rain." } } }),
        };
        request.Headers.Add("x-gateway-task", "code");

        using var response = await fixture.Gateway.Http.SendAsync(request);

        Assert.Equal("code", response.Headers.GetValues("x-gateway-task").Single());
        Assert.Equal(RepositoryConfig.ProfileValue("code", "Temperature"), fixture.Upstream.LastBody("/v1/chat/completions").GetProperty("temperature").GetDouble());
    }

    [Fact]
    public async Task A_profile_can_be_overridden_for_one_model()
    {
        await using var upstream = await SimulatorUpstream.StartAsync();
        await using var gateway = await GatewayHost.StartAsync(upstream.Address, config =>
            config["Gateway"]!["Profiles"]!["chat"]!["Models"] = new System.Text.Json.Nodes.JsonObject
            {
                [SimulatorGatewayFixture.Model] = new System.Text.Json.Nodes.JsonObject { ["Temperature"] = 0.42 },
            });

        using var response = await gateway.Http.PostAsync("/v1/chat/completions", JsonHttp.Body(new
        {
            model = SimulatorGatewayFixture.Model,
            messages = new[] { new { role = "user", content = "How are you today?" } },
        }));

        Assert.Equal($"chat@{SimulatorGatewayFixture.Model}", response.Headers.GetValues("x-gateway-profile").Single());
        var received = upstream.LastBody("/v1/chat/completions");
        Assert.Equal(0.42, received.GetProperty("temperature").GetDouble());
        Assert.Equal(RepositoryConfig.ProfileValue("chat", "TopP"), received.GetProperty("top_p").GetDouble());
    }

    [Fact]
    public async Task The_task_header_is_ignored_when_ops_switch_it_off()
    {
        await using var upstream = await SimulatorUpstream.StartAsync();
        await using var gateway = await GatewayHost.StartAsync(upstream.Address, config => config["Gateway"]!["AllowTaskHeader"] = false);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = JsonHttp.Body(new { model = SimulatorGatewayFixture.Model, messages = new[] { new { role = "user", content = "Write a poem about rain." } } }),
        };
        request.Headers.Add("x-gateway-task", "code");

        using var response = await gateway.Http.SendAsync(request);

        Assert.Equal("creative", response.Headers.GetValues("x-gateway-task").Single());
    }

    private Task<HttpResponseMessage> PostChatAsync(object body) => fixture.Gateway.Http.PostAsync("/v1/chat/completions", JsonHttp.Body(body));

    private static string WireName(string field) => JsonNamingPolicy.SnakeCaseLower.ConvertName(field);
}
