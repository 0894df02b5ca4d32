using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace Gateway.Tuner.Measures;

/// <summary>
/// Strict checks, as a program parsing the answer would do: the whole answer (whitespace aside) must be JSON;
/// prose or code fences around it count as broken.
/// </summary>
public sealed class JsonValidity
{
    private static readonly EvaluationOptions Flag = new() { OutputFormat = OutputFormat.Flag };
    private readonly JsonSchema? _schema;

    public JsonValidity(JsonNode? schema)
    {
        _schema = schema is null ? null
            : JsonSchema.FromText(schema.ToJsonString(), new BuildOptions { SchemaRegistry = new SchemaRegistry() });
    }

    public static bool IsValidJson(string? text) => TryParse(text, out _);

    /// <summary>True when the answer is JSON and matches the schema; without a schema, valid JSON is enough.</summary>
    public bool IsSchemaValid(string? text)
    {
        if (!TryParse(text, out var element))
        {
            return false;
        }

        return _schema is null || _schema.Evaluate(element, Flag).IsValid;
    }

    private static bool TryParse(string? text, out JsonElement element)
    {
        element = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            element = document.RootElement.Clone();
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
