using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests;

/// <summary>vLLM down, refusing or slow: the client gets a clear OpenAI-shaped error quickly.</summary>
public sealed class UpstreamFailureTests
{
    [Fact]
    public async Task A_refused_connection_gives_a_502_quickly_and_readiness_turns_unavailable()
    {
        await using var gateway = await GatewayHost.StartAsync(ClosedPort());
        var clock = Stopwatch.StartNew();

        using var response = await gateway.Http.PostAsync("/v1/chat/completions", ChatBody());

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
        Assert.Contains(response.StatusCode, new[] { HttpStatusCode.BadGateway, HttpStatusCode.ServiceUnavailable });
        var error = (await JsonHttp.ReadAsync(response)).GetProperty("error");
        Assert.Equal("upstream_error", error.GetProperty("type").GetString());

        // Active health checks (every second in tests) take the dead destination out: /readyz says so,
        // and requests get a 503 without trying it.
        await WaitUntilAsync(async () => (await gateway.Http.GetAsync("/readyz")).StatusCode == HttpStatusCode.ServiceUnavailable);
        using var afterHealthCheck = await gateway.Http.PostAsync("/v1/chat/completions", ChatBody());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, afterHealthCheck.StatusCode);
        Assert.Equal("upstream_unavailable", (await JsonHttp.ReadAsync(afterHealthCheck)).GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task An_upstream_that_never_answers_gives_a_504()
    {
        await using var upstream = await FakeUpstream.StartAsync(context => Task.Delay(Timeout.Infinite, context.RequestAborted));
        await using var gateway = await GatewayHost.StartAsync(upstream.Address,
            config => config["ReverseProxy"]!["Clusters"]!["vllm"]!["HttpRequest"]!["ActivityTimeout"] = "00:00:01");

        using var response = await gateway.Http.PostAsync("/v1/chat/completions", ChatBody());

        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        Assert.Equal("upstream_timeout", (await JsonHttp.ReadAsync(response)).GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Vllm_errors_are_returned_as_they_are()
    {
        await using var upstream = await SimulatorUpstream.StartAsync();
        await using var gateway = await GatewayHost.StartAsync(upstream.Address);

        using var response = await gateway.Http.PostAsync("/v1/chat/completions",
            JsonHttp.Body(new { model = "no-such-model", messages = new[] { new { role = "user", content = "hi" } } }));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var error = (await JsonHttp.ReadAsync(response)).GetProperty("error");
        Assert.Equal("NotFoundError", error.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Several_destinations_share_the_load()
    {
        await using var first = await SimulatorUpstream.StartAsync();
        await using var second = await SimulatorUpstream.StartAsync();
        await using var gateway = await GatewayHost.StartAsync([first.Address, second.Address]);

        for (var i = 0; i < 24; i++)
        {
            using var response = await gateway.Http.PostAsync("/v1/chat/completions", ChatBody());
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.NotEmpty(first.Bodies("/v1/chat/completions"));
        Assert.NotEmpty(second.Bodies("/v1/chat/completions"));
        Assert.Equal(24, first.Bodies("/v1/chat/completions").Count + second.Bodies("/v1/chat/completions").Count);
    }

    private static StringContent ChatBody() =>
        JsonHttp.Body(new { model = SimulatorGatewayFixture.Model, messages = new[] { new { role = "user", content = "Hello, how are you?" } } });

    private static Uri ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return new Uri($"http://127.0.0.1:{port}/");
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(20), "condition not reached in 20 s");
            await Task.Delay(100);
        }
    }
}
