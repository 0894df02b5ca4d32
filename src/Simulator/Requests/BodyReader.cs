using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gateway.Simulator.Infrastructure;

namespace Gateway.Simulator.Requests;

/// <summary>
/// Typed access to a request body that fails like vLLM's pydantic models do (400 "Bad Request"),
/// including pydantic's lax coercion of numeric strings.
/// </summary>
public sealed class BodyReader(JsonObject body)
{
    public JsonObject Body => body;

    public static async Task<BodyReader> ReadAsync(HttpContext context)
    {
        var mediaType = context.Request.ContentType?.Split(';', 2)[0].Trim().ToLowerInvariant();
        if (mediaType != "application/json")
        {
            // vLLM's validate_json_request dependency rejects anything else.
            throw new ApiException("Unsupported Media Type: Only 'application/json' is allowed");
        }

        JsonNode? node;
        try
        {
            node = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        }
        catch (JsonException ex)
        {
            throw new ApiException(
                $"[{{'type': 'json_invalid', 'loc': ('body', {ex.BytePositionInLine ?? 0}), 'msg': 'JSON decode error', 'input': {{}}, 'ctx': {{'error': '{ex.Message}'}}}}]");
        }

        return node is JsonObject obj
            ? new BodyReader(obj)
            : throw new ApiException(
                "[{'type': 'model_attributes_type', 'loc': ('body',), 'msg': 'Input should be a valid dictionary or object to extract fields from'}]");
    }

    public bool Has(string field) => body[field] is not null;

    public JsonNode? Node(string field) => body[field];

    public string? GetString(string field) => body[field] switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        _ => throw ApiException.Validation(field, "string_type", "Input should be a valid string"),
    };

    public bool? GetBool(string field) => body[field] switch
    {
        null => null,
        JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => v.GetValue<bool>(),
        _ => throw ApiException.Validation(field, "bool_type", "Input should be a valid boolean"),
    };

    public long? GetLong(string field)
    {
        switch (body[field])
        {
            case null:
                return null;
            case JsonValue v when v.GetValueKind() == JsonValueKind.Number:
                var d = v.GetValue<double>();
                return d == Math.Floor(d) && Math.Abs(d) < 9e18
                    ? (long)d
                    : throw ApiException.Validation(field, "int_from_float", "Input should be a valid integer, got a number with a fractional part");
            case JsonValue v when v.GetValueKind() == JsonValueKind.String:
                return long.TryParse(v.GetValue<string>(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed)
                    ? parsed
                    : throw ApiException.Validation(field, "int_parsing", "Input should be a valid integer, unable to parse string as an integer");
            default:
                throw ApiException.Validation(field, "int_type", "Input should be a valid integer");
        }
    }

    public int? GetInt(string field) => GetLong(field) is { } l ? (int)Math.Clamp(l, int.MinValue, int.MaxValue) : null;

    public double? GetDouble(string field)
    {
        switch (body[field])
        {
            case null:
                return null;
            case JsonValue v when v.GetValueKind() == JsonValueKind.Number:
                return v.GetValue<double>();
            case JsonValue v when v.GetValueKind() == JsonValueKind.String:
                return double.TryParse(v.GetValue<string>(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed)
                    ? parsed
                    : throw ApiException.Validation(field, "float_parsing", "Input should be a valid number, unable to parse string as a number");
            default:
                throw ApiException.Validation(field, "float_type", "Input should be a valid number");
        }
    }

    public JsonObject? GetObject(string field) => body[field] switch
    {
        null => null,
        JsonObject o => o,
        _ => throw ApiException.Validation(field, "dict_type", "Input should be a valid dictionary"),
    };

    public JsonArray? GetArray(string field) => body[field] switch
    {
        null => null,
        JsonArray a => a,
        _ => throw ApiException.Validation(field, "list_type", "Input should be a valid list"),
    };

    public static ApiException Missing(string field) => ApiException.Validation(field, "missing", "Field required");
}
