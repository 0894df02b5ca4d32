using System.Diagnostics;
using System.Net;
using System.Text;
using Gateway.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using OpenAI.Chat;

namespace Gateway.Tests;

/// <summary>Streaming answers go through chunk by chunk, and a client that leaves stops vLLM's work.</summary>
public sealed class StreamingTests
{
    private const int Chunks = 8;
    private static readonly TimeSpan ChunkInterval = TimeSpan.FromMilliseconds(250);

    [Fact]
    public async Task First_content_reaches_the_client_long_before_the_upstream_sends_its_last_chunk()
    {
        var clock = Stopwatch.StartNew();
        var sentChunks = 0;
        TimeSpan? lastChunkSentAt = null;
        await using var upstream = await FakeUpstream.StartAsync(async context =>
        {
            context.Response.ContentType = "text/event-stream; charset=utf-8";
            for (var i = 0; i < Chunks; i++)
            {
                if (i > 0)
                {
                    await Task.Delay(ChunkInterval, context.RequestAborted);
                }

                var delta = i == 0 ? """{"role":"assistant","content":""}""" : $$"""{"content":"word{{i}} "}""";
                await context.Response.WriteAsync($$"""data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{{delta}},"logprobs":null,"finish_reason":null}]}""" + "\n\n");
                await context.Response.Body.FlushAsync();
                Interlocked.Increment(ref sentChunks);
            }

            await context.Response.WriteAsync("""data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}]}""" + "\n\ndata: [DONE]\n\n");
            lastChunkSentAt = clock.Elapsed;
        });
        await using var gateway = await GatewayHost.StartAsync(upstream.Address);
        var chat = new ChatClient("m", new System.ClientModel.ApiKeyCredential("sk"), new OpenAI.OpenAIClientOptions { Endpoint = gateway.OpenAIEndpoint });

        TimeSpan? firstContentAt = null;
        var chunksSentWhenFirstContentArrived = 0;
        var text = new StringBuilder();
        await foreach (var update in chat.CompleteChatStreamingAsync([new UserChatMessage("Tell me something.")]))
        {
            foreach (var part in update.ContentUpdate)
            {
                if (firstContentAt is null && part.Text.Length > 0)
                {
                    firstContentAt = clock.Elapsed;
                    chunksSentWhenFirstContentArrived = Volatile.Read(ref sentChunks);
                }

                text.Append(part.Text);
            }
        }

        Assert.Equal("word1 word2 word3 word4 word5 word6 word7 ", text.ToString());
        Assert.NotNull(lastChunkSentAt);
        Assert.True(chunksSentWhenFirstContentArrived < Chunks, $"the upstream had sent all {Chunks} chunks before the client saw any");
        Assert.True(lastChunkSentAt - firstContentAt > ChunkInterval * 4,
            $"first content at {firstContentAt}, last chunk sent at {lastChunkSentAt}: the stream was held back");
    }

    [Fact]
    public async Task A_client_that_disconnects_mid_stream_cancels_the_upstream_request()
    {
        await using var upstream = await SimulatorUpstream.StartAsync(o => o.TokenDelayMs = 50);
        await using var gateway = await GatewayHost.StartAsync(upstream.Address);

        using (var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions"))
        {
            request.Content = JsonHttp.Body(new
            {
                model = SimulatorGatewayFixture.Model,
                stream = true,
                max_tokens = 2000,
                messages = new[] { new { role = "user", content = "Tell me a very long story about dragons." } },
            });
            using var response = await gateway.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            await using var stream = await response.Content.ReadAsStreamAsync();
            using var reader = new StreamReader(stream);
            Assert.StartsWith("data: ", await reader.ReadLineAsync());
            // Leaving the using block aborts the response: the client has gone away mid-stream.
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await upstream.Stats.WaitForAsync(s => s.Cancelled >= 1, timeout.Token);
        Assert.Equal(0, upstream.Stats.Current.Completed);
    }
}
