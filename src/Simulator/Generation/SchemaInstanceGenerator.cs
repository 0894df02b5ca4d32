using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Gateway.Simulator.Generation;

/// <summary>
/// Produces an instance that satisfies a JSON schema (the subset models are asked for in practice:
/// type, properties/required, items, enum/const, $ref to $defs, anyOf/oneOf/allOf, numeric and length bounds,
/// common formats). Every declared property is emitted, like a constrained decoder that fills the object.
/// </summary>
public sealed class SchemaInstanceGenerator(JsonNode? rootSchema, SimRandom random)
{
    private const int MaxDepth = 8;

    private static readonly string[] Names = ["Alice", "Bob", "Carol", "David", "Li Wei", "Zhang San", "Maria", "Kenji"];
    private static readonly string[] Cities = ["Beijing", "Shanghai", "Paris", "Berlin", "Tokyo", "London", "Hangzhou"];
    private static readonly string[] Words = ["alpha", "bravo", "delta", "summary", "example", "value", "sample", "item"];

    /// <summary>The free-form object answered for response_format json_object or "JSON only" prompts.</summary>
    public static JsonObject SmallObject(SimRandom random) => new()
    {
        ["name"] = random.Pick(Names),
        ["age"] = random.Next(18, 66),
        ["city"] = random.Pick(Cities),
        ["active"] = random.Next(0, 2) == 1,
        ["tags"] = new JsonArray(random.Pick(Words), random.Pick(Words)),
    };

    public JsonNode? Generate() => Generate(rootSchema, propertyName: null, depth: 0);

    private JsonNode? Generate(JsonNode? schema, string? propertyName, int depth)
    {
        if (schema is not JsonObject s || depth > MaxDepth)
        {
            return propertyName is null ? "value" : NamedString(propertyName);
        }

        if (s["$ref"] is JsonValue reference)
        {
            return Generate(Resolve(reference.ToString()), propertyName, depth + 1);
        }

        if (s.TryGetPropertyValue("const", out var constant))
        {
            return constant?.DeepClone();
        }

        if (s["enum"] is JsonArray { Count: > 0 } options)
        {
            return options[random.Next(0, options.Count)]?.DeepClone();
        }

        foreach (var keyword in (string[])["anyOf", "oneOf"])
        {
            if (s[keyword] is JsonArray { Count: > 0 } branches)
            {
                var branch = branches.FirstOrDefault(b => TypeOf(b as JsonObject) != "null") ?? branches[0];
                return Generate(branch, propertyName, depth + 1);
            }
        }

        if (s["allOf"] is JsonArray { Count: > 0 } parts)
        {
            return Generate(MergeAllOf(s, parts), propertyName, depth + 1);
        }

        return TypeOf(s) switch
        {
            "object" => GenerateObject(s, depth),
            "array" => GenerateArray(s, propertyName, depth),
            "integer" => GenerateInteger(s),
            "number" => GenerateNumber(s),
            "boolean" => random.Next(0, 2) == 1,
            "null" => null,
            _ => GenerateString(s, propertyName),
        };
    }

    private JsonObject GenerateObject(JsonObject s, int depth)
    {
        var result = new JsonObject();
        if (s["properties"] is JsonObject properties)
        {
            foreach (var (name, propertySchema) in properties)
            {
                result[name] = Generate(propertySchema, name, depth + 1);
            }
        }

        // Required names without a declared schema still have to be present.
        if (s["required"] is JsonArray required)
        {
            foreach (var name in required.Select(r => r?.ToString()).OfType<string>())
            {
                if (!result.ContainsKey(name))
                {
                    result[name] = NamedString(name);
                }
            }
        }

        return result;
    }

    private JsonArray GenerateArray(JsonObject s, string? propertyName, int depth)
    {
        var min = IntKeyword(s, "minItems") ?? 1;
        var max = IntKeyword(s, "maxItems") ?? Math.Max(min, 3);
        var count = random.Next(min, Math.Max(min, Math.Min(max, min + 2)) + 1);
        var array = new JsonArray();
        var unique = s["uniqueItems"]?.GetValueKind() == JsonValueKind.True;
        for (var i = 0; i < count * 4 && array.Count < count; i++)
        {
            var item = Generate(s["items"], Singular(propertyName), depth + 1);
            if (!unique || !array.Any(existing => JsonNode.DeepEquals(existing, item)))
            {
                array.Add(item);
            }
        }

        return array;
    }

    private JsonValue GenerateInteger(JsonObject s)
    {
        var (min, max) = Bounds(s, 1, 100);
        var low = (long)Math.Ceiling(min);
        var high = (long)Math.Floor(max);
        return JsonValue.Create(high <= low ? low : low + (long)(random.NextDouble() * (high - low + 1)));
    }

    private JsonValue GenerateNumber(JsonObject s)
    {
        var (min, max) = Bounds(s, 0, 100);
        var value = Math.Round(min + (random.NextDouble() * (max - min)), 2);
        return JsonValue.Create(Math.Clamp(value, min, max));
    }

    private JsonNode GenerateString(JsonObject s, string? propertyName)
    {
        var text = s["format"]?.ToString() switch
        {
            "date" => "2024-05-" + random.Next(10, 29).ToString(CultureInfo.InvariantCulture),
            "date-time" => "2024-05-" + random.Next(10, 29).ToString(CultureInfo.InvariantCulture) + "T10:30:00Z",
            "time" => "10:30:00",
            "email" => "user" + random.Next(1, 100).ToString(CultureInfo.InvariantCulture) + "@example.com",
            "uri" or "url" => "https://example.com/" + random.Pick(Words),
            "uuid" => new Guid(BitConverter.GetBytes(random.NextUInt64()).Concat(BitConverter.GetBytes(random.NextUInt64())).ToArray()).ToString(),
            "ipv4" => "192.0.2." + random.Next(1, 255).ToString(CultureInfo.InvariantCulture),
            _ => propertyName is null ? random.Pick(Words) : NamedString(propertyName),
        };

        var minLength = IntKeyword(s, "minLength") ?? 0;
        var maxLength = IntKeyword(s, "maxLength") ?? int.MaxValue;
        if (text.Length < minLength)
        {
            text = text.PadRight(minLength, 'x');
        }

        return text.Length > maxLength ? text[..maxLength] : text;
    }

    private string NamedString(string propertyName)
    {
        var name = propertyName.ToLowerInvariant();
        return name switch
        {
            _ when name.Contains("name") => random.Pick(Names),
            _ when name.Contains("city") || name.Contains("location") => random.Pick(Cities),
            _ when name.Contains("email") => "user@example.com",
            _ when name.Contains("date") => "2024-05-20",
            _ when name.Contains("unit") => random.Next(0, 2) == 0 ? "celsius" : "fahrenheit",
            _ => random.Pick(Words),
        };
    }

    private JsonNode? Resolve(string reference)
    {
        // Only local references (#/$defs/X, #/definitions/X) appear in generated schemas.
        if (!reference.StartsWith("#/", StringComparison.Ordinal))
        {
            return null;
        }

        var node = rootSchema;
        foreach (var segment in reference[2..].Split('/'))
        {
            node = node is JsonObject obj ? obj[segment.Replace("~1", "/").Replace("~0", "~")] : null;
        }

        return node;
    }

    private static JsonObject MergeAllOf(JsonObject s, JsonArray parts)
    {
        var merged = new JsonObject { ["type"] = "object" };
        var properties = new JsonObject();
        foreach (var part in parts.Append(s).OfType<JsonObject>())
        {
            if (part["properties"] is JsonObject partProperties)
            {
                foreach (var (name, value) in partProperties)
                {
                    properties[name] = value?.DeepClone();
                }
            }
        }

        merged["properties"] = properties;
        return merged;
    }

    private static string? TypeOf(JsonObject? s)
    {
        switch (s?["type"])
        {
            case JsonValue single:
                return single.ToString();
            case JsonArray many:
                var types = many.Select(t => t?.ToString()).ToList();
                return types.FirstOrDefault(t => t != "null") ?? "null";
        }

        return s switch
        {
            null => null,
            _ when s.ContainsKey("properties") => "object",
            _ when s.ContainsKey("items") => "array",
            _ => "string",
        };
    }

    private static (double Min, double Max) Bounds(JsonObject s, double defaultMin, double defaultMax)
    {
        var min = NumberKeyword(s, "minimum") ?? (NumberKeyword(s, "exclusiveMinimum") + 1) ?? defaultMin;
        var max = NumberKeyword(s, "maximum") ?? (NumberKeyword(s, "exclusiveMaximum") - 1) ?? Math.Max(defaultMax, min + defaultMax);
        return (min, Math.Max(min, max));
    }

    private static double? NumberKeyword(JsonObject s, string keyword) =>
        s[keyword] is JsonValue v && v.GetValueKind() == JsonValueKind.Number ? v.GetValue<double>() : null;

    private static int? IntKeyword(JsonObject s, string keyword) =>
        NumberKeyword(s, keyword) is { } d ? (int)Math.Clamp(d, 0, 1000) : null;

    private static string? Singular(string? name) =>
        name is { Length: > 1 } && name.EndsWith('s') ? name[..^1] : name;
}
