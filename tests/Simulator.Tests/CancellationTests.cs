using System.Text.Json.Nodes;

namespace Gateway.Simulator.Tests;

public sealed class CancellationTests(SimulatorFixture sim) : IClassFixture<SimulatorFixture>
{
    [Fact]
    public async Task Client_disconnect_mid_stream_stops_generation_and_counts_cancelled()
    {
        var request = SimulatorFixture.Chat("Write a long answer.", seed: 1);
        request["stream"] = true;
        using var message = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = SimulatorFixture.JsonBody(request.ToJsonString()),
        };
        message.Headers.Add("x-sim-token-delay-ms", "200");

        var response = await sim.Client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead);
        var stream = await response.Content.ReadAsStreamAsync();
        using (var reader = new StreamReader(stream))
        {
            var firstLine = await reader.ReadLineAsync();
            Assert.StartsWith("data: ", firstLine);
        }

        // Dropping the half-read response closes the connection, as a client going away does.
        response.Dispose();

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await sim.Stats.WaitForAsync(s => s.Cancelled >= 1, timeout.Token);

        var stats = JsonNode.Parse(await sim.Client.GetStringAsync(new Uri("/sim/stats", UriKind.Relative)))!;
        Assert.Equal(1, stats["cancelled"]!.GetValue<int>());
        Assert.Equal(1, stats["requests"]!.GetValue<int>());
        Assert.Equal(0, stats["completed"]!.GetValue<int>());
    }
}
