using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Gateway.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace Gateway.Tests;

/// <summary>vLLM breaking in every way it can: the client gets a clear error, nothing hangs, the gateway keeps serving.</summary>
public sealed class FaultTests
{
    private static readonly string[] Chunks =
    [
        """{"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}]}""",
        """{"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"Once upon"},"logprobs":null,"finish_reason":null}]}""",
    ];

    [Fact]
    public async Task A_stream_reset_mid_way_ends_with_an_sse_error_event_and_done()
    {
        var clientHasContent = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var upstream = await FakeUpstream.StartAsync(async context =>
        {
            context.Response.ContentType = "text/event-stream; charset=utf-8";
            foreach (var chunk in Chunks)
            {
                await context.Response.WriteAsync($"data: {chunk}\n\n");
                await context.Response.Body.FlushAsync();
            }

            await clientHasContent.Task.WaitAsync(TimeSpan.FromSeconds(10));
            context.Abort(); // vLLM's process dies mid-answer, after the client saw the start of it
        });
        await using var gateway = await GatewayHost.StartAsync(upstream.Address);

        using var response = await gateway.Http.SendAsync(
            new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = StreamingChat() }, HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var body = new StringBuilder();
        while (await reader.ReadLineAsync() is { } line)
        {
            body.Append(line).Append('\n');
            if (line.Contains("Once upon", StringComparison.Ordinal))
            {
                clientHasContent.TrySetResult();
            }
        }

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var events = body.ToString().Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("Once upon", events[1], StringComparison.Ordinal);
        var error = JsonNode.Parse(events[^2]["data: ".Length..])!["error"]!;
        Assert.Equal("upstream_stream_interrupted", error["code"]!.GetValue<string>());
        Assert.Equal("data: [DONE]", events[^1]);
        await AssertStillServingAsync(gateway, upstream);
    }

    [Fact]
    public async Task A_stream_that_stalls_mid_way_is_ended_at_the_total_timeout_with_an_error_event()
    {
        await using var upstream = await FakeUpstream.StartAsync(async context =>
        {
            context.Response.ContentType = "text/event-stream; charset=utf-8";
            await context.Response.WriteAsync($"data: {Chunks[0]}\n\n");
            await context.Response.Body.FlushAsync();
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        });
        await using var gateway = await GatewayHost.StartAsync(upstream.Address,
            c => c["Gateway"]!["Upstream"] = new JsonObject { ["TotalTimeout"] = "00:00:01" });

        using var response = await gateway.Http.PostAsync("/v1/chat/completions", StreamingChat());
        var body = await response.Content.ReadAsStringAsync();

        Assert.Contains("upstream_stream_interrupted", body, StringComparison.Ordinal);
        Assert.EndsWith("data: [DONE]\n\n", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Silence_past_the_first_byte_limit_gives_504()
    {
        await using var upstream = await FakeUpstream.StartAsync(context => Task.Delay(Timeout.Infinite, context.RequestAborted));
        await using var gateway = await GatewayHost.StartAsync(upstream.Address, c =>
        {
            c["Gateway"]!["Upstream"] = new JsonObject { ["TimeToFirstByte"] = "00:00:00.300" };
            c["Gateway"]!["Profiles"]!["chat"]!["Retry"] = new JsonObject { ["MaxAttempts"] = 2 };
        });

        using var response = await gateway.Http.PostAsync("/v1/chat/completions", Chat());

        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        Assert.Equal("upstream_timeout", (await JsonHttp.ReadAsync(response)).GetProperty("error").GetProperty("code").GetString());
        Assert.Equal("2", response.Headers.GetValues("x-gateway-attempts").Single());
    }

    [Theory]
    [InlineData("text/html", "<html><body>502 nginx</body></html>")]
    [InlineData("application/json", "{\"id\":\"chatcmpl-1\",\"object\":\"chat.comp")]
    [InlineData("application/json", "[1,2,3]")]
    public async Task A_garbage_answer_becomes_a_clear_502(string contentType, string garbage)
    {
        await using var upstream = await FakeUpstream.StartAsync(async context =>
        {
            context.Response.ContentType = contentType;
            await context.Response.WriteAsync(garbage);
        });
        await using var gateway = await GatewayHost.StartAsync(upstream.Address);

        using var response = await gateway.Http.PostAsync("/v1/chat/completions", Chat());

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("upstream_invalid_answer", (await JsonHttp.ReadAsync(response)).GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(3, upstream.Bodies.Count); // tried again (on another destination when there is one), then told
    }

    [Fact]
    public async Task A_huge_answer_becomes_a_clear_502_with_bounded_memory()
    {
        await using var upstream = await FakeUpstream.StartAsync(async context =>
        {
            context.Response.ContentType = "application/json";
            var block = Encoding.UTF8.GetBytes(new string('x', 64 * 1024));
            await context.Response.WriteAsync("{\"choices\":[{\"message\":{\"content\":\"");
            for (var i = 0; i < 64; i++)
            {
                await context.Response.Body.WriteAsync(block); // 4 MiB in all
            }

            await context.Response.WriteAsync("\"}}]}");
        });
        await using var gateway = await GatewayHost.StartAsync(upstream.Address,
            c => c["Gateway"]!["Guard"] = new JsonObject { ["MaxResponseBytes"] = 256 * 1024 });

        using var response = await gateway.Http.PostAsync("/v1/chat/completions", Chat());

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("upstream_answer_too_large", (await JsonHttp.ReadAsync(response)).GetProperty("error").GetProperty("code").GetString());
        Assert.Single(upstream.Bodies); // too large is not retried
    }

    private static StringContent Chat() =>
        JsonHttp.Body(new { model = "m", messages = new[] { new { role = "user", content = "Hello, how are you?" } } });

    private static StringContent StreamingChat() =>
        JsonHttp.Body(new { model = "m", stream = true, messages = new[] { new { role = "user", content = "Tell me a story." } } });

    private static async Task AssertStillServingAsync(GatewayHost gateway, FakeUpstream upstream)
    {
        using var health = await gateway.Http.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.NotNull(upstream);
    }
}
