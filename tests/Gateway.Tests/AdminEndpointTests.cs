using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests;

/// <summary>The gateway's own endpoints: explain a decision without calling vLLM, show the profiles, health.</summary>
public sealed class AdminEndpointTests(SimulatorGatewayFixture fixture) : IClassFixture<SimulatorGatewayFixture>
{
    [Fact]
    public async Task Classify_explains_the_decision_without_calling_the_upstream()
    {
        fixture.Upstream.Requests.Clear();

        using var response = await fixture.Gateway.Http.PostAsync("/gateway/classify", JsonHttp.Body(new
        {
            model = SimulatorGatewayFixture.Model,
            temperature = 1.2,
            messages = new object[]
            {
                new { role = "system", content = "You are an API. 只返回 JSON。" },
                new { role = "user", content = "列出三种水果" },
            },
        }));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await JsonHttp.ReadAsync(response);
        Assert.Equal("function_call", body.GetProperty("task").GetString());
        Assert.Equal("function_call", body.GetProperty("profile").GetString());
        var signal = Assert.Single(body.GetProperty("signals").EnumerateArray(), s => s.GetProperty("task").GetString() == "function_call");
        Assert.Equal("system", signal.GetProperty("source").GetString());
        Assert.True(signal.GetProperty("score").GetDouble() > 0);
        Assert.Equal(RepositoryConfig.ProfileValue("function_call", "Temperature"), body.GetProperty("parameters").GetProperty("temperature").GetDouble());
        Assert.Equal(1.2, body.GetProperty("client_parameters").GetProperty("temperature").GetDouble());
        Assert.Empty(fixture.Upstream.Requests.Snapshot());
    }

    [Fact]
    public async Task Classify_refuses_a_bad_body_in_openai_shape()
    {
        using var response = await fixture.Gateway.Http.PostAsync("/gateway/classify", JsonHttp.Raw("""{"messages": 3}"""));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("messages", (await JsonHttp.ReadAsync(response)).GetProperty("error").GetProperty("param").GetString());
    }

    [Fact]
    public async Task Profiles_lists_every_task_with_the_configured_values()
    {
        var body = await fixture.Gateway.Http.GetFromJsonAsync<JsonElement>("/gateway/profiles");

        var profiles = body.GetProperty("profiles");
        foreach (var task in new[] { "function_call", "code", "chat", "creative", "summary" })
        {
            Assert.Equal(RepositoryConfig.ProfileValue(task, "Temperature"), profiles.GetProperty(task).GetProperty("temperature").GetDouble());
            Assert.Equal(RepositoryConfig.ProfileValue(task, "TopP"), profiles.GetProperty(task).GetProperty("top_p").GetDouble());
        }

        Assert.Equal("enforce", profiles.GetProperty("function_call").GetProperty("mode").GetString());
    }

    [Fact]
    public async Task Health_and_readiness_answer()
    {
        using var health = await fixture.Gateway.Http.GetAsync("/healthz");
        using var ready = await fixture.Gateway.Http.GetAsync("/readyz");

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.True((await JsonHttp.ReadAsync(ready)).GetProperty("available_destinations").GetInt32() >= 1);
    }
}
