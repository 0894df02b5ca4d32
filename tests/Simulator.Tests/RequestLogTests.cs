using System.Text.Json.Nodes;

namespace Gateway.Simulator.Tests;

public sealed class RequestLogTests(SimulatorFixture sim) : IClassFixture<SimulatorFixture>
{
    [Fact]
    public async Task Api_requests_are_recorded_with_headers_and_raw_body_and_can_be_cleared()
    {
        sim.Log.Clear();
        var body = SimulatorFixture.Chat("log me", seed: 1);
        await sim.PostAsync("/v1/chat/completions", body, ("x-trace", "abc"));
        await sim.Client.GetStringAsync(new Uri("/health", UriKind.Relative));

        var entry = Assert.Single(sim.Log.Snapshot());
        Assert.Equal("POST", entry.Method);
        Assert.Equal("/v1/chat/completions", entry.Path);
        Assert.Equal("abc", entry.Headers["x-trace"]);
        Assert.Equal(body.ToJsonString(), entry.Body);

        var overHttp = JsonNode.Parse(await sim.Client.GetStringAsync(new Uri("/sim/requests", UriKind.Relative)))!.AsArray();
        Assert.Equal("/v1/chat/completions", overHttp.Single()!["path"]!.GetValue<string>());
        Assert.Equal(body.ToJsonString(), overHttp.Single()!["body"]!.GetValue<string>());

        using var deleted = await sim.Client.DeleteAsync(new Uri("/sim/requests", UriKind.Relative));
        Assert.Empty(sim.Log.Snapshot());
    }
}
