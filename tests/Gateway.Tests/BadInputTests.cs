using System.Net;
using System.Text;
using System.Text.Json;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests;

/// <summary>Bad bodies never reach vLLM and never cost a 500 or a hang: each gets an OpenAI-shaped error.</summary>
public sealed class BadInputTests : IAsyncLifetime
{
    private const int BodyLimit = 64 * 1024;
    private SimulatorUpstream _upstream = null!;
    private GatewayHost _gateway = null!;

    public static TheoryData<string, string, string?> BadChatBodies => new()
    {
        { "malformed JSON", """{"model":"m","messages":[{"role":"user","content":"hi"}""", null },
        { "not an object", """[{"role":"user","content":"hi"}]""", null },
        { "a bare string", "\"hello\"", null },
        { "temperature as a word", """{"model":"m","temperature":"hot","messages":[{"role":"user","content":"hi"}]}""", "temperature" },
        { "temperature out of range", """{"model":"m","temperature":3.5,"messages":[{"role":"user","content":"hi"}]}""", "temperature" },
        { "top_p zero", """{"model":"m","top_p":0,"messages":[{"role":"user","content":"hi"}]}""", "top_p" },
        { "penalty out of range", """{"model":"m","frequency_penalty":-2.5,"messages":[{"role":"user","content":"hi"}]}""", "frequency_penalty" },
        { "max_tokens fractional", """{"model":"m","max_tokens":10.5,"messages":[{"role":"user","content":"hi"}]}""", "max_tokens" },
        { "n zero", """{"model":"m","n":0,"messages":[{"role":"user","content":"hi"}]}""", "n" },
        { "stream as a string", """{"model":"m","stream":"yes","messages":[{"role":"user","content":"hi"}]}""", "stream" },
        { "missing messages", """{"model":"m"}""", "messages" },
        { "messages not an array", """{"model":"m","messages":"hi"}""", "messages" },
        { "empty messages", """{"model":"m","messages":[]}""", "messages" },
        { "message without role", """{"model":"m","messages":[{"content":"hi"}]}""", "messages[0].role" },
        { "content as a number", """{"model":"m","messages":[{"role":"user","content":42}]}""", "messages[0].content" },
        { "model as a number", """{"model":7,"messages":[{"role":"user","content":"hi"}]}""", "model" },
        { "response_format without type", """{"model":"m","response_format":{},"messages":[{"role":"user","content":"hi"}]}""", "response_format.type" },
    };

    public async Task InitializeAsync()
    {
        _upstream = await SimulatorUpstream.StartAsync();
        _gateway = await GatewayHost.StartAsync(_upstream.Address, config => config["Gateway"]!["Limits"]!["MaxRequestBodyBytes"] = BodyLimit);
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _upstream.DisposeAsync();
    }

    [Theory]
    [MemberData(nameof(BadChatBodies))]
    public async Task A_bad_chat_body_gets_a_400_naming_the_field_and_never_reaches_vllm(string _, string body, string? param)
    {
        using var response = await _gateway.Http.PostAsync("/v1/chat/completions", JsonHttp.Raw(body));

        var error = await AssertOpenAIErrorAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(param, error.GetProperty("param").GetString());
        Assert.Empty(_upstream.Bodies("/v1/chat/completions"));
        await AssertStillServingAsync();
    }

    [Theory]
    [InlineData("""{"model":"m"}""", "prompt")]
    [InlineData("""{"model":"m","prompt":{"text":"hi"}}""", "prompt")]
    [InlineData("""{"model":"m","prompt":"hi","temperature":-1}""", "temperature")]
    public async Task A_bad_completion_body_gets_a_400_naming_the_field(string body, string param)
    {
        using var response = await _gateway.Http.PostAsync("/v1/completions", JsonHttp.Raw(body));

        var error = await AssertOpenAIErrorAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(param, error.GetProperty("param").GetString());
        Assert.Empty(_upstream.Bodies("/v1/completions"));
    }

    [Fact]
    public async Task A_body_over_the_limit_gets_a_413()
    {
        var big = $$"""{"model":"m","messages":[{"role":"user","content":"{{new string('a', BodyLimit)}}"}]}""";

        using var response = await _gateway.Http.PostAsync("/v1/chat/completions", JsonHttp.Raw(big));

        var error = await AssertOpenAIErrorAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal("request_too_large", error.GetProperty("code").GetString());
        Assert.Empty(_upstream.Bodies("/v1/chat/completions"));
        await AssertStillServingAsync();
    }

    [Fact]
    public async Task A_chunked_body_over_the_limit_gets_a_413_too()
    {
        var big = Encoding.UTF8.GetBytes($$"""{"model":"m","messages":[{"role":"user","content":"{{new string('a', BodyLimit * 2)}}"}]}""");
        using var content = new StreamContent(new MemoryStream(big));
        content.Headers.ContentType = new("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        using var response = await _gateway.Http.SendAsync(request);

        await AssertOpenAIErrorAsync(response, HttpStatusCode.RequestEntityTooLarge);
        await AssertStillServingAsync();
    }

    [Fact]
    public async Task An_unknown_task_in_the_header_is_refused()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = JsonHttp.Body(new { model = "m", messages = new[] { new { role = "user", content = "hi" } } }),
        };
        request.Headers.Add("x-gateway-task", "banana");

        using var response = await _gateway.Http.SendAsync(request);

        var error = await AssertOpenAIErrorAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("x-gateway-task", error.GetProperty("param").GetString());
    }

    [Fact]
    public async Task An_unknown_gateway_path_gets_an_openai_shaped_404()
    {
        using var response = await _gateway.Http.GetAsync("/nothing/here");

        await AssertOpenAIErrorAsync(response, HttpStatusCode.NotFound);
    }

    private static async Task<JsonElement> AssertOpenAIErrorAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var body = await JsonHttp.ReadAsync(response);
        var error = body.GetProperty("error");
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("message").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("type").GetString()));
        Assert.True(error.TryGetProperty("param", out _));
        Assert.True(error.TryGetProperty("code", out _));
        return error;
    }

    private async Task AssertStillServingAsync()
    {
        using var response = await _gateway.Http.PostAsync("/v1/chat/completions",
            JsonHttp.Body(new { model = SimulatorGatewayFixture.Model, messages = new[] { new { role = "user", content = "Are you still there?" } } }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        _upstream.Requests.Clear();
    }
}
