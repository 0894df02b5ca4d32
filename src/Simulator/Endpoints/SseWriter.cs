using System.Text.Json.Nodes;
using Gateway.Simulator.Infrastructure;
using Microsoft.AspNetCore.Http.Features;

namespace Gateway.Simulator.Endpoints;

/// <summary>Server-sent events exactly as vLLM writes them: "data: {json}\n\n", flushed per event, then "data: [DONE]".</summary>
public sealed class SseWriter
{
    private readonly HttpContext _context;

    public SseWriter(HttpContext context)
    {
        _context = context;
        context.Response.StatusCode = 200;
        context.Response.ContentType = "text/event-stream; charset=utf-8";
        context.Response.Headers.CacheControl = "no-cache";
        // Each token must leave the process immediately, not sit in a response buffer.
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
    }

    public Task WriteAsync(JsonNode chunk) => WriteRawAsync(Json.Serialize(chunk));

    public Task DoneAsync() => WriteRawAsync("[DONE]");

    private async Task WriteRawAsync(string data)
    {
        var token = _context.RequestAborted;
        token.ThrowIfCancellationRequested();
        await _context.Response.WriteAsync("data: " + data + "\n\n", token);
        await _context.Response.Body.FlushAsync(token);
    }
}
