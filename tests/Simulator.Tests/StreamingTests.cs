using System.Text.Json.Nodes;

namespace Gateway.Simulator.Tests;

public sealed class StreamingTests(SimulatorFixture sim) : IClassFixture<SimulatorFixture>
{
    private async Task<(HttpResponseMessage Response, List<string> Data)> StreamAsync(JsonObject request)
    {
        request["stream"] = true;
        var response = await sim.Client.PostAsync(
            new Uri("/v1/chat/completions", UriKind.Relative), SimulatorFixture.JsonBody(request.ToJsonString()));
        return (response, Sse.DataLines(await response.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task Stream_has_role_chunk_content_deltas_finish_chunk_and_done()
    {
        var (response, data) = await StreamAsync(SimulatorFixture.Chat("Explain streaming.", seed: 5));
        using var _ = response;

        Assert.Equal("text/event-stream; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        Assert.Equal("[DONE]", data[^1]);
        Assert.Single(data, d => d == "[DONE]");
        var chunks = Sse.Chunks(data);

        var id = chunks[0]["id"]!.GetValue<string>();
        Assert.StartsWith("chatcmpl-", id);
        Assert.All(chunks, c =>
        {
            Assert.Equal(id, c["id"]!.GetValue<string>());
            Assert.Equal("chat.completion.chunk", c["object"]!.GetValue<string>());
            Assert.Equal("Qwen/Qwen2.5-7B-Instruct", c["model"]!.GetValue<string>());
            Assert.NotNull(c["created"]);
        });

        var first = chunks[0]["choices"]![0]!;
        Assert.Equal("""{"role":"assistant","content":""}""", first["delta"]!.ToJsonString());
        Assert.Null(first["finish_reason"]);

        var last = chunks[^1]["choices"]![0]!;
        Assert.Equal("stop", last["finish_reason"]!.GetValue<string>());
        Assert.True(last["delta"]!.AsObject().Count == 0 || last["delta"]!["content"]!.GetValue<string>() == "");

        var deltas = chunks.Skip(1).SkipLast(1).Select(c => c["choices"]![0]!["delta"]!["content"]!.GetValue<string>()).ToList();
        Assert.True(deltas.Count > 5);
        Assert.All(deltas, d => Assert.NotEmpty(d));
        Assert.DoesNotContain(chunks, c => c.ContainsKey("usage"));

        // The streamed text equals the non-streaming answer for the same seed.
        var (_, whole) = await sim.PostAsync("/v1/chat/completions", SimulatorFixture.Chat("Explain streaming.", seed: 5));
        Assert.Equal(whole!["choices"]![0]!["message"]!["content"]!.GetValue<string>(), string.Concat(deltas));
    }

    [Fact]
    public async Task Usage_chunk_only_with_include_usage()
    {
        var request = SimulatorFixture.Chat("Hi there", seed: 2);
        request["stream_options"] = new JsonObject { ["include_usage"] = true };
        var (response, data) = await StreamAsync(request);
        using var _ = response;

        var chunks = Sse.Chunks(data);
        var usageChunk = chunks[^1];
        Assert.Empty(usageChunk["choices"]!.AsArray());
        var usage = usageChunk["usage"]!;
        var contentTokens = chunks.Count - 3; // role chunk, finish chunk, usage chunk
        Assert.Equal(contentTokens, usage["completion_tokens"]!.GetValue<int>());
        Assert.Equal(
            usage["prompt_tokens"]!.GetValue<int>() + usage["completion_tokens"]!.GetValue<int>(),
            usage["total_tokens"]!.GetValue<int>());
        Assert.Single(chunks, c => c.ContainsKey("usage"));
        Assert.Equal("[DONE]", data[^1]);
    }

    [Fact]
    public async Task Streamed_tool_call_has_header_then_argument_fragments()
    {
        var request = SimulatorFixture.Chat("Weather in Paris?", 0.2, 4);
        request["tools"] = ToolCallTests.WeatherTools();
        var (response, data) = await StreamAsync(request);
        using var _ = response;

        var chunks = Sse.Chunks(data);
        var header = chunks[1]["choices"]![0]!["delta"]!["tool_calls"]![0]!;
        Assert.Equal(0, header["index"]!.GetValue<int>());
        Assert.StartsWith("chatcmpl-tool-", header["id"]!.GetValue<string>());
        Assert.Equal("function", header["type"]!.GetValue<string>());
        Assert.Equal("get_weather", header["function"]!["name"]!.GetValue<string>());
        Assert.Equal("", header["function"]!["arguments"]!.GetValue<string>());

        var arguments = string.Concat(chunks.Skip(2).SkipLast(1)
            .Select(c => c["choices"]![0]!["delta"]!["tool_calls"]![0]!["function"]!["arguments"]!.GetValue<string>()));
        Assert.NotNull(JsonNode.Parse(arguments)!["city"]);
        Assert.Equal("tool_calls", chunks[^1]["choices"]![0]!["finish_reason"]!.GetValue<string>());
    }
}
