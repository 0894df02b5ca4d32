using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace Gateway.Profiles.Guard;

/// <summary>Parses an upstream answer (or one SSE chunk) held in a pooled buffer, without first copying it to
/// the heap; as strict as <see cref="JsonDocument.Parse(ReadOnlyMemory{byte}, JsonDocumentOptions)"/>: one
/// value and nothing after it.</summary>
public static class AnswerJson
{
    public static bool TryParse(ReadOnlySpan<byte> json, [NotNullWhen(true)] out JsonDocument? document, out string? error)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            document = JsonDocument.ParseValue(ref reader); // copies into a pooled array, returned on Dispose
            if (reader.Read())
            {
                document.Dispose();
                document = null;
                error = "unexpected content after the JSON value";
                return false;
            }

            error = null;
            return true;
        }
        catch (JsonException ex)
        {
            document = null;
            error = ex.Message;
            return false;
        }
    }
}
