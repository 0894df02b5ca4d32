using System.Buffers;
using System.Text.Json;
using Gateway.Profiles.Requests;

namespace Gateway.Guard;

/// <summary>
/// Replays a whole (validated) answer as the SSE stream vLLM would have sent: per choice a role chunk, content or
/// tool-call deltas and a finish chunk, then the usage chunk when the client asked for it, then <c>[DONE]</c>.
/// </summary>
internal static class SseReplay
{
    // Content goes out in pieces of about this many chars, as token deltas would (clients render progressively).
    private const int PieceChars = 24;

    public static async Task WriteAsync(
        Stream output, ReadOnlyMemory<byte> answer, CompletionEndpoint endpoint, bool includeUsage,
        IReadOnlyDictionary<int, string>? repaired, CancellationToken cancellationToken)
    {
        using var document = JsonDocument.Parse(answer);
        var root = document.RootElement;
        var chat = endpoint == CompletionEndpoint.ChatCompletions;
        var head = new ChunkHead(
            root.TryGetProperty("id", out var id) ? id.GetString() ?? "" : "",
            chat ? "chat.completion.chunk" : "text_completion",
            root.TryGetProperty("created", out var created) && created.TryGetInt64(out var c) ? c : 0,
            root.TryGetProperty("model", out var model) ? model.GetString() ?? "" : "");
        var buffer = new ArrayBufferWriter<byte>(4096);
        foreach (var choice in root.GetProperty("choices").EnumerateArray())
        {
            var index = choice.TryGetProperty("index", out var i) && i.TryGetInt32(out var n) ? n : 0;
            var finish = choice.TryGetProperty("finish_reason", out var f) && f.ValueKind == JsonValueKind.String ? f.GetString() : "stop";
            if (chat)
            {
                var message = choice.GetProperty("message");
                WriteChunk(buffer, head, index, w => { w.WriteString("role", "assistant"); w.WriteString("content", ""); }, null);
                var content = repaired is not null && repaired.TryGetValue(index, out var fixedContent)
                    ? fixedContent
                    : message.TryGetProperty("content", out var text) && text.ValueKind == JsonValueKind.String ? text.GetString() : null;
                foreach (var piece in Pieces(content))
                {
                    WriteChunk(buffer, head, index, w => w.WriteString("content", piece), null);
                }

                if (message.TryGetProperty("tool_calls", out var calls) && calls.ValueKind == JsonValueKind.Array)
                {
                    var callIndex = 0;
                    foreach (var call in calls.EnumerateArray())
                    {
                        var function = call.GetProperty("function");
                        var at = callIndex++;
                        WriteChunk(buffer, head, index, w =>
                        {
                            w.WriteStartArray("tool_calls");
                            w.WriteStartObject();
                            w.WriteNumber("index", at);
                            if (call.TryGetProperty("id", out var callId))
                            {
                                w.WritePropertyName("id");
                                callId.WriteTo(w);
                            }

                            w.WriteString("type", "function");
                            w.WriteStartObject("function");
                            w.WritePropertyName("name");
                            function.GetProperty("name").WriteTo(w);
                            w.WriteString("arguments", "");
                            w.WriteEndObject();
                            w.WriteEndObject();
                            w.WriteEndArray();
                        }, null);
                        var arguments = function.TryGetProperty("arguments", out var a) ? a.GetString() : null;
                        foreach (var piece in Pieces(arguments))
                        {
                            WriteChunk(buffer, head, index, w =>
                            {
                                w.WriteStartArray("tool_calls");
                                w.WriteStartObject();
                                w.WriteNumber("index", at);
                                w.WriteStartObject("function");
                                w.WriteString("arguments", piece);
                                w.WriteEndObject();
                                w.WriteEndObject();
                                w.WriteEndArray();
                            }, null);
                        }
                    }
                }

                WriteChunk(buffer, head, index, static _ => { }, finish);
            }
            else
            {
                var text = repaired is not null && repaired.TryGetValue(index, out var fixedText)
                    ? fixedText
                    : choice.TryGetProperty("text", out var t) ? t.GetString() : null;
                foreach (var piece in Pieces(text))
                {
                    WriteTextChunk(buffer, head, index, piece, null);
                }

                WriteTextChunk(buffer, head, index, "", finish);
            }

            await FlushAsync(output, buffer, cancellationToken).ConfigureAwait(false);
        }

        if (includeUsage && root.TryGetProperty("usage", out var usage))
        {
            WriteEvent(buffer, w =>
            {
                WriteHead(w, head);
                w.WriteStartArray("choices");
                w.WriteEndArray();
                w.WritePropertyName("usage");
                usage.WriteTo(w);
            });
        }

        buffer.Write("data: [DONE]\n\n"u8);
        await FlushAsync(output, buffer, cancellationToken).ConfigureAwait(false);
    }

    private static IEnumerable<string> Pieces(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            yield break;
        }

        for (var start = 0; start < text.Length;)
        {
            var length = Math.Min(PieceChars, text.Length - start);
            if (start + length < text.Length && char.IsHighSurrogate(text[start + length - 1]))
            {
                length--; // never split a surrogate pair
            }

            yield return text.Substring(start, length);
            start += length;
        }
    }

    private static void WriteChunk(ArrayBufferWriter<byte> buffer, ChunkHead head, int index, Action<Utf8JsonWriter> delta, string? finish) =>
        WriteEvent(buffer, w =>
        {
            WriteHead(w, head);
            w.WriteStartArray("choices");
            w.WriteStartObject();
            w.WriteNumber("index", index);
            w.WriteStartObject("delta");
            delta(w);
            w.WriteEndObject();
            w.WriteNull("logprobs");
            w.WriteString("finish_reason", finish);
            if (finish is not null)
            {
                w.WriteNull("stop_reason");
            }

            w.WriteEndObject();
            w.WriteEndArray();
        });

    private static void WriteTextChunk(ArrayBufferWriter<byte> buffer, ChunkHead head, int index, string text, string? finish) =>
        WriteEvent(buffer, w =>
        {
            WriteHead(w, head);
            w.WriteStartArray("choices");
            w.WriteStartObject();
            w.WriteNumber("index", index);
            w.WriteString("text", text);
            w.WriteNull("logprobs");
            w.WriteString("finish_reason", finish);
            w.WriteNull("stop_reason");
            w.WriteEndObject();
            w.WriteEndArray();
        });

    private static void WriteHead(Utf8JsonWriter writer, ChunkHead head)
    {
        writer.WriteString("id", head.Id);
        writer.WriteString("object", head.Object);
        writer.WriteNumber("created", head.Created);
        writer.WriteString("model", head.Model);
    }

    private static void WriteEvent(ArrayBufferWriter<byte> buffer, Action<Utf8JsonWriter> body)
    {
        buffer.Write("data: "u8);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        buffer.Write("\n\n"u8);
    }

    private static async Task FlushAsync(Stream output, ArrayBufferWriter<byte> buffer, CancellationToken cancellationToken)
    {
        await output.WriteAsync(buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        buffer.Clear();
    }

    private sealed record ChunkHead(string Id, string Object, long Created, string Model);
}
