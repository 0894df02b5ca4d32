using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Gateway.Profiles.Requests;
using Json.Schema;

namespace Gateway.Profiles.Guard;

/// <summary>What kind of structured answer a request demands.</summary>
public enum OutputKind
{
    /// <summary><c>response_format</c> <c>json_schema</c>: the content must satisfy the schema.</summary>
    JsonSchema,

    /// <summary><c>response_format</c> <c>json_object</c>: the content must parse to an object.</summary>
    JsonObject,

    /// <summary>A prompt asking for JSON only: the content must parse as JSON.</summary>
    Json,

    /// <summary>Declared tools: each call must name one and its arguments must satisfy its parameters.</summary>
    ToolCalls,
}

/// <summary>
/// The structure a request's answer must have, read from the request (and, for a JSON-only prompt, from its
/// classification); null when the answer is free text. Schemas are compiled once per request, lazily.
/// </summary>
public sealed class OutputRequirement
{
    private readonly string? _schemaText;
    private readonly Dictionary<string, string?> _toolParameters;
    private readonly ConcurrentDictionary<string, JsonSchema?> _compiled = new(StringComparer.Ordinal);

    private OutputRequirement(OutputKind kind, string? schemaText, Dictionary<string, string?> toolParameters, bool toolCallRequired)
    {
        Kind = kind;
        _schemaText = schemaText;
        _toolParameters = toolParameters;
        ToolCallRequired = toolCallRequired;
    }

    public OutputKind Kind { get; }

    /// <summary>For tools: whether <c>tool_choice</c> demands a call ("required" or a named function).</summary>
    public bool ToolCallRequired { get; }

    public IReadOnlyCollection<string> DeclaredFunctions => _toolParameters.Keys;

    /// <summary>Reads the requirement of <paramref name="request"/>.</summary>
    /// <param name="asksJsonOnly">The request was classified as a prompt asking for JSON only.</param>
    public static OutputRequirement? For(CompletionRequest request, bool asksJsonOnly)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Endpoint == CompletionEndpoint.ChatCompletions)
        {
            if (request.ResponseFormat == ResponseFormatKind.JsonSchema
                && request.Root.GetProperty("response_format").GetProperty("json_schema").TryGetProperty("schema", out var schema)
                && schema.ValueKind is JsonValueKind.Object or JsonValueKind.True)
            {
                return new OutputRequirement(OutputKind.JsonSchema, Raw(schema), [], false);
            }

            if (request.ResponseFormat is ResponseFormatKind.JsonObject or ResponseFormatKind.JsonSchema)
            {
                return new OutputRequirement(OutputKind.JsonObject, null, [], false);
            }

            if (request.HasTools && request.ToolsEnabled)
            {
                return ForTools(request);
            }
        }

        return asksJsonOnly ? new OutputRequirement(OutputKind.Json, null, [], false) : null;
    }

    /// <summary>The fields that switch on vLLM's constrained decoding for this requirement (raw JSON values).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> ConstrainedDecodingFields(bool structuredOutputs)
    {
        const string jsonValue = """{"type":["object","array"]}""";
        return (Kind, structuredOutputs) switch
        {
            (OutputKind.JsonSchema, true) => [new("structured_outputs", $$"""{"json":{{_schemaText}}}""")],
            (OutputKind.JsonSchema, false) => [new("guided_json", _schemaText!)],
            (OutputKind.JsonObject, true) => [new("structured_outputs", """{"json_object":true}""")],
            (OutputKind.JsonObject, false) => [new("guided_json", """{"type":"object"}""")],
            (OutputKind.Json, true) => [new("structured_outputs", $$"""{"json":{{jsonValue}}}""")],
            (OutputKind.Json, false) => [new("guided_json", jsonValue)],
            // vLLM decodes tool calls under a grammar when a call is required.
            (OutputKind.ToolCalls, _) when !ToolCallRequired => [new("tool_choice", "\"required\"")],
            _ => [],
        };
    }

    internal JsonSchema? ContentSchema => _schemaText is null ? null : Compile("", _schemaText);

    internal bool IsDeclared(string function) => _toolParameters.ContainsKey(function);

    internal JsonSchema? ParametersSchema(string function) =>
        _toolParameters.TryGetValue(function, out var text) && text is not null ? Compile(function, text) : null;

    private JsonSchema? Compile(string key, string text) => _compiled.GetOrAdd(key, static (_, t) =>
    {
        try
        {
            // Each request's schema is its own document: a fresh registry keeps $id clashes between requests apart.
            return JsonSchema.FromText(t, new BuildOptions { SchemaRegistry = new SchemaRegistry() });
        }
        catch (Exception ex) when (ex is JsonException or JsonSchemaException or ArgumentException or InvalidOperationException)
        {
            return null; // vLLM refuses a schema it cannot read; the guard has nothing to check against.
        }
    }, text);

    private static OutputRequirement ForTools(CompletionRequest request)
    {
        var parameters = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var tool in request.Tools.EnumerateArray())
        {
            if (tool.TryGetProperty("function", out var function) && function.ValueKind == JsonValueKind.Object
                && function.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String)
            {
                parameters[name.GetString()!] = function.TryGetProperty("parameters", out var schema) && schema.ValueKind == JsonValueKind.Object
                    ? Raw(schema)
                    : null;
            }
        }

        var required = request.Root.TryGetProperty("tool_choice", out var choice)
            && (choice.ValueKind == JsonValueKind.Object || (choice.ValueKind == JsonValueKind.String && choice.ValueEquals("required")));
        return new OutputRequirement(OutputKind.ToolCalls, null, parameters, required);
    }

    private static string Raw(JsonElement element) => Encoding.UTF8.GetString(JsonMarshal.GetRawUtf8Value(element));
}
