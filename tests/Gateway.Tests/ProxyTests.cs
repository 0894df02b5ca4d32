using System.Net;
using System.Text.Json;
using Gateway.Tests.Infrastructure;
using OpenAI.Chat;

namespace Gateway.Tests;

/// <summary>What an application sees when it only changes its OpenAI SDK's base URL to the gateway.</summary>
public sealed class ProxyTests(SimulatorGatewayFixture fixture) : IClassFixture<SimulatorGatewayFixture>
{
    [Fact]
    public async Task Chat_completion_through_the_sdk_gets_an_answer_and_the_gateway_headers()
    {
        var result = await fixture.Chat.CompleteChatAsync([new UserChatMessage("Write a short poem about autumn leaves.")]);

        Assert.False(string.IsNullOrWhiteSpace(result.Value.Content[0].Text));
        var headers = result.GetRawResponse().Headers;
        Assert.True(headers.TryGetValue("x-gateway-task", out var task));
        Assert.Equal("creative", task);
        Assert.True(headers.TryGetValue("x-gateway-profile", out var profile));
        Assert.Equal("creative", profile);
        Assert.True(headers.TryGetValue("x-gateway-attempts", out var attempts));
        Assert.Equal("1", attempts);
        Assert.True(headers.TryGetValue("x-gateway-validation", out var validation));
        Assert.Equal("skipped", validation);

        var received = fixture.Upstream.LastBody("/v1/chat/completions");
        Assert.Equal(RepositoryConfig.ProfileValue("creative", "Temperature"), received.GetProperty("temperature").GetDouble());
        Assert.Equal("Write a short poem about autumn leaves.", received.GetProperty("messages")[0].GetProperty("content").GetString());
    }

    [Fact]
    public async Task Streaming_chat_through_the_sdk_delivers_the_whole_answer()
    {
        var text = new System.Text.StringBuilder();
        ChatFinishReason? finish = null;
        await foreach (var update in fixture.Chat.CompleteChatStreamingAsync([new UserChatMessage("Tell me about the history of tea.")]))
        {
            foreach (var part in update.ContentUpdate)
            {
                text.Append(part.Text);
            }

            finish ??= update.FinishReason;
        }

        Assert.True(text.Length > 20, $"streamed text was '{text}'");
        Assert.Equal(ChatFinishReason.Stop, finish);
        var received = fixture.Upstream.LastBody("/v1/chat/completions");
        Assert.True(received.GetProperty("stream").GetBoolean());
        Assert.Equal(RepositoryConfig.ProfileValue("chat", "Temperature"), received.GetProperty("temperature").GetDouble());
    }

    [Fact]
    public async Task Streaming_answers_carry_the_gateway_headers()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = JsonHttp.Body(new
            {
                model = SimulatorGatewayFixture.Model,
                stream = true,
                messages = new[] { new { role = "user", content = "Summarize: the meeting moved to Tuesday and the budget was approved." } },
            }),
        };
        using var response = await fixture.Gateway.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("summary", response.Headers.GetValues("x-gateway-task").Single());
        Assert.Equal("summary", response.Headers.GetValues("x-gateway-profile").Single());
        Assert.Equal("1", response.Headers.GetValues("x-gateway-attempts").Single());
        Assert.Equal("skipped", response.Headers.GetValues("x-gateway-validation").Single());
        var body = await response.Content.ReadAsStringAsync();
        Assert.EndsWith("data: [DONE]\n\n", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tool_calls_reach_the_upstream_unchanged_and_come_back_to_the_sdk()
    {
        const string parameters = """{"type":"object","properties":{"city":{"type":"string"},"unit":{"type":"string","enum":["c","f"]}},"required":["city","unit"]}""";
        var options = new ChatCompletionOptions
        {
            Tools = { ChatTool.CreateFunctionTool("get_weather", "Current weather for a city", BinaryData.FromString(parameters)) },
            Temperature = 1.3f,
        };

        var result = await fixture.Chat.CompleteChatAsync([new UserChatMessage("What's the weather in Paris?")], options);

        Assert.Equal(ChatFinishReason.ToolCalls, result.Value.FinishReason);
        var call = Assert.Single(result.Value.ToolCalls);
        Assert.Equal("get_weather", call.FunctionName);
        Assert.Equal("function_call", Header(result.GetRawResponse(), "x-gateway-task"));

        var received = fixture.Upstream.LastBody("/v1/chat/completions");
        var tool = received.GetProperty("tools")[0];
        Assert.Equal("get_weather", tool.GetProperty("function").GetProperty("name").GetString());
        Assert.True(JsonElement.DeepEquals(JsonDocument.Parse(parameters).RootElement, tool.GetProperty("function").GetProperty("parameters")));
        // function_call enforces its profile: the client's 1.3 does not reach vLLM.
        Assert.Equal(RepositoryConfig.ProfileValue("function_call", "Temperature"), received.GetProperty("temperature").GetDouble());
    }

    [Fact]
    public async Task Models_list_passes_through()
    {
        var models = await fixture.OpenAI.GetOpenAIModelClient().GetModelsAsync();

        Assert.Contains(models.Value, m => m.Id == SimulatorGatewayFixture.Model);
    }

    [Fact]
    public async Task Other_vllm_routes_pass_through_untouched()
    {
        using var embeddings = await fixture.Gateway.Http.PostAsync("/v1/embeddings", JsonHttp.Body(new { model = SimulatorGatewayFixture.Model, input = "hello" }));
        using var tokenize = await fixture.Gateway.Http.PostAsync("/tokenize", JsonHttp.Body(new { model = SimulatorGatewayFixture.Model, prompt = "hello world" }));

        Assert.Equal(HttpStatusCode.OK, embeddings.StatusCode);
        Assert.False(embeddings.Headers.Contains("x-gateway-task"));
        Assert.Equal(HttpStatusCode.OK, tokenize.StatusCode);
        var tokens = JsonDocument.Parse(await tokenize.Content.ReadAsStringAsync()).RootElement;
        Assert.True(tokens.GetProperty("count").GetInt32() > 0);
    }

    [Fact]
    public async Task Completions_endpoint_is_classified_and_rewritten()
    {
        using var response = await fixture.Gateway.Http.PostAsync("/v1/completions", JsonHttp.Body(new
        {
            model = SimulatorGatewayFixture.Model,
            prompt = "def fibonacci(n):\n    # return the n-th Fibonacci number in Python\n",
            max_tokens = 32,
        }));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("code", response.Headers.GetValues("x-gateway-task").Single());
        var received = fixture.Upstream.LastBody("/v1/completions");
        Assert.Equal(RepositoryConfig.ProfileValue("code", "Temperature"), received.GetProperty("temperature").GetDouble());
        Assert.Equal(32, received.GetProperty("max_tokens").GetInt32());
    }

    private static string? Header(System.ClientModel.Primitives.PipelineResponse response, string name) =>
        response.Headers.TryGetValue(name, out var value) ? value : null;
}
