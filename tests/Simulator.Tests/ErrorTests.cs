using System.Text.Json.Nodes;

namespace Gateway.Simulator.Tests;

public sealed class ErrorTests(SimulatorFixture sim) : IClassFixture<SimulatorFixture>
{
    private async Task<(int Status, JsonNode Error)> RawPostAsync(string json, string path = "/v1/chat/completions")
    {
        using var response = await sim.Client.PostAsync(new Uri(path, UriKind.Relative), SimulatorFixture.JsonBody(json));
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        return ((int)response.StatusCode, body["error"]!);
    }

    private static void AssertShape(JsonNode error, int code, string type)
    {
        Assert.Equal(code, error["code"]!.GetValue<int>());
        Assert.Equal(type, error["type"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(error["message"]!.GetValue<string>()));
        Assert.True(error.AsObject().ContainsKey("param"));
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("[1,2]")]
    [InlineData("""{"model":"Qwen/Qwen2.5-7B-Instruct"}""")]
    [InlineData("""{"messages":"hello"}""")]
    [InlineData("""{"messages":[{"role":"user","content":"hi"}],"max_tokens":"many"}""")]
    [InlineData("""{"messages":[{"role":"user","content":"hi"}],"stream":"yes"}""")]
    [InlineData("""{"messages":[{"role":"user","content":"hi"}],"stream_options":{"include_usage":true}}""")]
    public async Task Invalid_bodies_are_400_bad_request(string json)
    {
        var (status, error) = await RawPostAsync(json);
        Assert.Equal(400, status);
        AssertShape(error, 400, "Bad Request");
    }

    [Fact]
    public async Task Missing_prompt_on_completions_is_400()
    {
        var (status, error) = await RawPostAsync("""{"max_tokens":5}""", "/v1/completions");
        Assert.Equal(400, status);
        Assert.Contains("prompt", error["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Sampling_parameter_out_of_range_is_400_bad_request_error()
    {
        var (status, error) = await RawPostAsync("""{"messages":[{"role":"user","content":"hi"}],"temperature":-1}""");
        Assert.Equal(400, status);
        AssertShape(error, 400, "BadRequestError");
    }

    [Fact]
    public async Task Unknown_model_is_404_not_found()
    {
        var (status, error) = await RawPostAsync("""{"model":"gpt-4","messages":[{"role":"user","content":"hi"}]}""");
        Assert.Equal(404, status);
        AssertShape(error, 404, "NotFoundError");
        Assert.Equal("The model `gpt-4` does not exist.", error["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Sim_status_header_forces_that_status()
    {
        var (status, body) = await sim.PostAsync(
            "/v1/chat/completions", SimulatorFixture.Chat("hi"), ("x-sim-status", "503"));
        Assert.Equal(503, status);
        AssertShape(body!["error"]!, 503, "Service Unavailable");
    }

    [Fact]
    public async Task Fail_times_fails_only_the_first_k_requests_with_the_key()
    {
        var key = Guid.NewGuid().ToString();
        var statuses = new List<int>();
        for (var i = 0; i < 4; i++)
        {
            var (status, _) = await sim.PostAsync(
                "/v1/chat/completions", SimulatorFixture.Chat("hi"),
                ("x-sim-fail-times", "2"), ("x-sim-fault-key", key), ("x-sim-status", "429"));
            statuses.Add(status);
        }

        Assert.Equal([429, 429, 200, 200], statuses);
    }
}
