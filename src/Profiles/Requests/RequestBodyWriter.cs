using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Gateway.Profiles.Decoding;

namespace Gateway.Profiles.Requests;

/// <summary>
/// What the gateway changes in a body: the effective decoding values and, for a retry, the seed, the stream
/// flag (a streamed request fetched whole for validation), extra top-level fields (constrained decoding) and
/// messages appended to the conversation (a re-ask). Extra fields are raw JSON values.
/// </summary>
public readonly record struct BodyRewrite(DecodingParameters Parameters, long? Seed = null)
{
    /// <summary>When set, the upstream body's <c>stream</c>; false also drops <c>stream_options</c>.</summary>
    public bool? Stream { get; init; }

    /// <summary>Top-level fields written as given (raw JSON), replacing the client's fields of the same name.</summary>
    public IReadOnlyList<KeyValuePair<string, string>>? ExtraFields { get; init; }

    /// <summary>Message objects (raw JSON, comma-separated) appended to <c>messages</c>.</summary>
    public string? AppendedMessages { get; init; }
}

/// <summary>
/// Writes the body that goes upstream: every field of the client's body verbatim (byte for byte), except the
/// fields the gateway controls, which are written once with their effective values.
/// </summary>
public static class RequestBodyWriter
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        // Raw values are copied as they came; the relaxed encoder keeps non-ASCII property names as they are.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true,
    };

    public static void Write(CompletionRequest request, in BodyRewrite rewrite, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var writer = new Utf8JsonWriter(output, WriterOptions);
        writer.WriteStartObject();
        foreach (var property in request.Root.EnumerateObject())
        {
            var name = JsonMarshal.GetRawUtf8PropertyName(property);
            if (name.IndexOf((byte)'\\') >= 0)
            {
                // An escaped name is rare; compare and write it unescaped.
                var unescaped = property.Name;
                if (IsRewritten(Encoding.UTF8.GetBytes(unescaped), rewrite))
                {
                    continue;
                }

                writer.WritePropertyName(unescaped);
            }
            else
            {
                if (IsRewritten(name, rewrite))
                {
                    continue;
                }

                writer.WritePropertyName(name);
            }

            if (rewrite.AppendedMessages is { } appended && name.SequenceEqual("messages"u8))
            {
                WriteMessages(writer, property.Value, appended);
            }
            else
            {
                writer.WriteRawValue(JsonMarshal.GetRawUtf8Value(property.Value), skipInputValidation: true);
            }
        }

        var p = rewrite.Parameters;
        WriteIfStated(writer, DecodingParameters.Fields.Temperature, p.Temperature);
        WriteIfStated(writer, DecodingParameters.Fields.TopP, p.TopP);
        WriteIfStated(writer, DecodingParameters.Fields.TopK, p.TopK);
        WriteIfStated(writer, DecodingParameters.Fields.MinP, p.MinP);
        WriteIfStated(writer, DecodingParameters.Fields.FrequencyPenalty, p.FrequencyPenalty);
        WriteIfStated(writer, DecodingParameters.Fields.PresencePenalty, p.PresencePenalty);
        WriteIfStated(writer, DecodingParameters.Fields.RepetitionPenalty, p.RepetitionPenalty);
        WriteIfStated(
            writer,
            request.UsesMaxCompletionTokens ? DecodingParameters.Fields.MaxCompletionTokens : DecodingParameters.Fields.MaxTokens,
            p.MaxTokens);
        if (rewrite.Seed is { } seed)
        {
            writer.WriteNumber("seed", seed);
        }

        if (rewrite.Stream is { } stream)
        {
            writer.WriteBoolean("stream", stream);
        }

        foreach (var (field, rawValue) in rewrite.ExtraFields ?? [])
        {
            writer.WritePropertyName(field);
            writer.WriteRawValue(rawValue, skipInputValidation: true);
        }

        writer.WriteEndObject();
        writer.Flush();
    }

    private static void WriteMessages(Utf8JsonWriter writer, JsonElement messages, string appended)
    {
        writer.WriteStartArray();
        foreach (var message in messages.EnumerateArray())
        {
            writer.WriteRawValue(JsonMarshal.GetRawUtf8Value(message), skipInputValidation: true);
        }

        using var extra = JsonDocument.Parse($"[{appended}]");
        foreach (var message in extra.RootElement.EnumerateArray())
        {
            message.WriteTo(writer);
        }

        writer.WriteEndArray();
    }

    private static bool IsRewritten(ReadOnlySpan<byte> name, in BodyRewrite rewrite)
    {
        if (name.SequenceEqual("temperature"u8) || name.SequenceEqual("top_p"u8) || name.SequenceEqual("top_k"u8)
            || name.SequenceEqual("min_p"u8) || name.SequenceEqual("frequency_penalty"u8)
            || name.SequenceEqual("presence_penalty"u8) || name.SequenceEqual("repetition_penalty"u8)
            || name.SequenceEqual("max_tokens"u8) || name.SequenceEqual("max_completion_tokens"u8)
            || (rewrite.Seed is not null && name.SequenceEqual("seed"u8))
            || (rewrite.Stream is not null && name.SequenceEqual("stream"u8))
            || (rewrite.Stream == false && name.SequenceEqual("stream_options"u8)))
        {
            return true;
        }

        foreach (var (field, _) in rewrite.ExtraFields ?? [])
        {
            if (Ascii.Equals(name, field)) // field names are ASCII; no string per property on the hot path
            {
                return true;
            }
        }

        return false;
    }

    private static void WriteIfStated(Utf8JsonWriter writer, string name, double? value)
    {
        if (value is { } number)
        {
            writer.WriteNumber(name, number);
        }
    }

    private static void WriteIfStated(Utf8JsonWriter writer, string name, int? value)
    {
        if (value is { } number)
        {
            writer.WriteNumber(name, number);
        }
    }
}
