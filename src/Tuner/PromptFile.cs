using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace Gateway.Tuner;

/// <summary>
/// Reads the prompt file: {"prompts":[{"task","prompt","system"?,"schema"?,"json"?}]} or the bare array.
/// "json" defaults to true when a schema is given or the task is function_call.
/// </summary>
public static class PromptFile
{
    public static IReadOnlyList<PromptSpec> Load(string? path)
    {
        if (path is null)
        {
            return [PromptSpec.Default];
        }

        JsonNode? root;
        try
        {
            root = JsonNode.Parse(File.ReadAllText(path));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"cannot read prompt file '{path}': {ex.Message}");
        }
        catch (JsonException ex)
        {
            throw new UsageException($"prompt file '{path}' is not valid JSON: {ex.Message}");
        }

        var items = (root as JsonObject)?["prompts"] as JsonArray ?? root as JsonArray
            ?? throw new UsageException($"prompt file '{path}' must be an array or an object with a \"prompts\" array.");
        if (items.Count == 0)
        {
            throw new UsageException($"prompt file '{path}' has no prompts.");
        }

        return items.Select((item, i) => Read(item as JsonObject, $"{path}: prompts[{i}]")).ToList();
    }

    private static PromptSpec Read(JsonObject? item, string where)
    {
        if (item is null)
        {
            throw new UsageException($"{where} must be an object.");
        }

        var task = Text(item, "task", where) ?? throw new UsageException($"{where}.task is required.");
        if (!PromptSpec.Tasks.Contains(task))
        {
            throw new UsageException($"{where}.task '{task}' is not one of {string.Join(", ", PromptSpec.Tasks)}.");
        }

        var prompt = Text(item, "prompt", where);
        if (string.IsNullOrWhiteSpace(prompt))
        {
            throw new UsageException($"{where}.prompt is required.");
        }

        var schema = item["schema"];
        if (schema is not null)
        {
            CheckSchema(schema, where);
        }

        var json = item["json"] switch
        {
            null => schema is not null || task == "function_call",
            JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => v.GetValue<bool>(),
            _ => throw new UsageException($"{where}.json must be true or false."),
        };
        if (schema is not null && !json)
        {
            throw new UsageException($"{where} has a schema but \"json\": false.");
        }

        return new PromptSpec(task, prompt, Text(item, "system", where), schema?.DeepClone(), json);
    }

    private static string? Text(JsonObject item, string name, string where) => item[name] switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        _ => throw new UsageException($"{where}.{name} must be a string."),
    };

    private static void CheckSchema(JsonNode schema, string where)
    {
        try
        {
            JsonSchema.FromText(schema.ToJsonString(), new BuildOptions { SchemaRegistry = new SchemaRegistry() });
        }
        catch (Exception ex) when (ex is JsonException or JsonSchemaException or ArgumentException or InvalidOperationException)
        {
            throw new UsageException($"{where}.schema is not a usable JSON schema: {ex.Message}");
        }
    }
}
