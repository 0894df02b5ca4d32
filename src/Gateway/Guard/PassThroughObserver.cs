using Gateway.Proxy;

namespace Gateway.Guard;

/// <summary>
/// Watches an answer that streams straight through to the client, without holding it back: notes the first
/// chunk, reads usage, id, model and finish reasons as they pass, and drops the usage chunk when the gateway
/// asked vLLM for usage that the client did not ask for. SSE is forwarded event by event, each as soon as it is
/// complete; other bodies are forwarded as they come, with a bounded copy kept to read their usage at the end.
/// </summary>
internal sealed class PassThroughObserver(GatewayDecision decision, bool dropUsageChunk, int? captureContentChars) : IDisposable
{
    private readonly System.Text.StringBuilder? _captured = captureContentChars is null ? null : new();

    private const int JsonCopyLimit = 1024 * 1024;
    private const int MaxPendingEvent = 4 * 1024 * 1024;

    private PooledBufferWriter? _pending;
    private bool? _sse;

    public bool IsEventStream => _sse == true;

    public async ValueTask ForwardAsync(HttpResponse response, Stream client, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        _sse ??= response.ContentType?.StartsWith("text/event-stream", StringComparison.OrdinalIgnoreCase) == true;
        _pending ??= new PooledBufferWriter(_sse.Value ? 4096 : 16 * 1024);
        if (!_sse.Value)
        {
            decision.MarkFirstChunk();
            await client.WriteAsync(data, cancellationToken).ConfigureAwait(false);
            if (_pending.WrittenCount + data.Length <= JsonCopyLimit)
            {
                data.Span.CopyTo(_pending.GetSpan(data.Length));
                _pending.Advance(data.Length);
            }

            return;
        }

        data.Span.CopyTo(_pending.GetSpan(data.Length));
        _pending.Advance(data.Length);
        var buffered = _pending.WrittenMemory;
        var end = buffered.Span.LastIndexOf("\n\n"u8);
        if (end < 0)
        {
            if (buffered.Length > MaxPendingEvent)
            {
                await FlushPendingAsync(client, cancellationToken).ConfigureAwait(false); // not SSE as we know it: let it through
            }

            return;
        }

        var complete = buffered[..(end + 2)];
        var start = 0;
        while (start < complete.Length)
        {
            var length = complete.Span[start..].IndexOf("\n\n"u8) + 2;
            var sseEvent = complete.Slice(start, length);
            start += length;
            if (!Keep(sseEvent.Span))
            {
                continue;
            }

            decision.MarkFirstChunk();
            await client.WriteAsync(sseEvent, cancellationToken).ConfigureAwait(false);
        }

        var rest = buffered[(end + 2)..].ToArray();
        _pending.Dispose();
        _pending = new PooledBufferWriter(Math.Max(4096, rest.Length));
        rest.CopyTo(_pending.GetSpan(rest.Length));
        _pending.Advance(rest.Length);
    }

    /// <summary>Ends a stream that vLLM broke off: an OpenAI-style error event, then the end of the stream.
    /// An unfinished event is dropped rather than sent half.</summary>
    public async ValueTask FailAsync(Stream client, string message, CancellationToken cancellationToken)
    {
        _pending?.Dispose();
        _pending = null;
        var error = System.Text.Json.JsonSerializer.Serialize(new
        {
            error = new { message, type = Errors.OpenAIError.UpstreamError, param = (string?)null, code = "upstream_stream_interrupted" },
        });
        await client.WriteAsync(System.Text.Encoding.UTF8.GetBytes($"data: {error}\n\ndata: [DONE]\n\n"), cancellationToken).ConfigureAwait(false);
        await client.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Called when the answer is complete.</summary>
    public async ValueTask CompleteAsync(Stream client, CancellationToken cancellationToken)
    {
        if (_pending is null)
        {
            return;
        }

        if (_sse == true)
        {
            await FlushPendingAsync(client, cancellationToken).ConfigureAwait(false);
        }
        else if (_pending.WrittenCount is > 0 and < JsonCopyLimit)
        {
            AnswerFacts.Read(_pending.WrittenMemory.Span, decision);
            if (captureContentChars is { } maxChars)
            {
                decision.OutputContent = AnswerFacts.Choices(_pending.WrittenMemory.Span, maxChars);
            }
        }

        if (_captured is { Length: > 0 })
        {
            decision.OutputContent = _captured.ToString();
        }
    }

    public void Dispose() => _pending?.Dispose();

    private async ValueTask FlushPendingAsync(Stream client, CancellationToken cancellationToken)
    {
        if (_pending is { WrittenCount: > 0 })
        {
            await client.WriteAsync(_pending.WrittenMemory, cancellationToken).ConfigureAwait(false);
            _pending.Dispose();
            _pending = new PooledBufferWriter(4096);
        }
    }

    // Reads the facts an event carries; false for the usage chunk the client did not ask for.
    private bool Keep(ReadOnlySpan<byte> sseEvent)
    {
        var data = sseEvent.IndexOf("data: "u8) is var at and >= 0 ? sseEvent[(at + 6)..].TrimEnd("\n"u8) : default;
        if (data.IsEmpty || data.SequenceEqual("[DONE]"u8))
        {
            return true;
        }

        if (_captured is not null && _captured.Length < captureContentChars)
        {
            AnswerFacts.AppendDeltaText(data, _captured, captureContentChars.Value);
        }

        var first = decision.ResponseId is null;
        var informative = data.IndexOf("\"usage\""u8) >= 0
            || data.IndexOf("\"finish_reason\":\""u8) >= 0 || data.IndexOf("\"finish_reason\": \""u8) >= 0;
        if (!first && !informative)
        {
            return true;
        }

        var usageOnly = AnswerFacts.Read(data, decision);
        return !(usageOnly && dropUsageChunk);
    }
}
