using System.Text.Json.Nodes;

namespace Gateway.Simulator.Tests;

/// <summary>Splits an SSE body into its data payloads, checking the exact vLLM framing on the way.</summary>
public static class Sse
{
    public static List<string> DataLines(string body)
    {
        Assert.EndsWith("\n\n", body);
        var events = body[..^2].Split("\n\n");
        Assert.All(events, e => Assert.StartsWith("data: ", e));
        return events.Select(e => e["data: ".Length..]).ToList();
    }

    public static List<JsonObject> Chunks(List<string> data) =>
        data.Where(d => d != "[DONE]").Select(d => (JsonObject)JsonNode.Parse(d)!).ToList();
}
