using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gateway.Simulator.Generation;
using Gateway.Simulator.Infrastructure;

namespace Gateway.Simulator.Requests;

/// <summary>Validates a chat request like vLLM's ChatCompletionRequest and flattens it for the planner.</summary>
public static class ChatRequestParser
{
    // <|im_start|>role\n ... <|im_end|>\n around every message in Qwen's chat template.
    private const int PerMessageOverhead = 5;
    private const int AssistantPrefix = 3;

    public static ChatRequest Parse(BodyReader body, SimulatorOptions options)
    {
        var messages = body.GetArray("messages") ?? throw BodyReader.Missing("messages");
        var tools = ParseTools(body.GetArray("tools"));
        var (mode, named) = ParseToolChoice(body.Node("tool_choice"), tools);
        var sampling = SamplingParser.Parse(body, options, defaultMaxTokens: null);

        var prompt = new StringBuilder();
        var systemText = new StringBuilder();
        string? lastUser = null;
        var promptTokens = AssistantPrefix;
        for (var i = 0; i < messages.Count; i++)
        {
            if (messages[i] is not JsonObject message || message["role"] is not JsonValue roleValue
                || roleValue.GetValueKind() != JsonValueKind.String)
            {
                throw ApiException.Validation($"messages', {i}, 'role", "missing", "Field required");
            }

            var role = roleValue.GetValue<string>();
            var text = ContentText(message["content"], i);
            prompt.Append(role).Append(": ").Append(text).Append('\n');
            promptTokens += PerMessageOverhead + Tokenizer.Count(text);
            if (role is "system" or "developer")
            {
                systemText.Append(text).Append('\n');
            }
            else if (role == "user")
            {
                lastUser = text;
            }
        }

        if (body.GetArray("tools") is { } toolsJson)
        {
            promptTokens += Tokenizer.Count(toolsJson.ToJsonString());
        }

        var generation = sampling.Template with
        {
            PromptText = prompt.ToString(),
            InstructionText = systemText + (lastUser ?? ""),
            Tools = tools,
            ToolChoice = mode,
            NamedTool = named,
        };
        ContextWindow.Check(promptTokens, generation.MaxTokens, options.MaxModelLen);
        return new ChatRequest(sampling.Stream, sampling.IncludeUsage, promptTokens, generation);
    }

    /// <summary>Message content is a string, a list of parts (text parts are read), or null for tool-call turns.</summary>
    private static string ContentText(JsonNode? content, int index)
    {
        switch (content)
        {
            case null:
                return "";
            case JsonValue v when v.GetValueKind() == JsonValueKind.String:
                return v.GetValue<string>();
            case JsonArray parts:
                return string.Join("\n", parts.OfType<JsonObject>()
                    .Where(p => p["type"]?.ToString() == "text")
                    .Select(p => p["text"]?.ToString() ?? ""));
            default:
                throw ApiException.Validation($"messages', {index}, 'content", "string_type", "Input should be a valid string");
        }
    }

    private static List<ToolSpec> ParseTools(JsonArray? tools)
    {
        var result = new List<ToolSpec>();
        for (var i = 0; i < (tools?.Count ?? 0); i++)
        {
            if (tools![i] is not JsonObject { } tool || tool["function"] is not JsonObject function
                || function["name"] is not JsonValue name || name.GetValueKind() != JsonValueKind.String)
            {
                throw ApiException.Validation($"tools', {i}, 'function", "missing", "Field required");
            }

            result.Add(new ToolSpec(name.GetValue<string>(), function["parameters"]?.DeepClone()));
        }

        return result;
    }

    private static (ToolChoiceMode Mode, string? Named) ParseToolChoice(JsonNode? choice, List<ToolSpec> tools)
    {
        if (choice is null)
        {
            return (tools.Count > 0 ? ToolChoiceMode.Auto : ToolChoiceMode.None, null);
        }

        (ToolChoiceMode Mode, string? Named) parsed = choice switch
        {
            JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>() switch
            {
                "none" => (ToolChoiceMode.None, (string?)null),
                "auto" => (ToolChoiceMode.Auto, (string?)null),
                "required" => (ToolChoiceMode.Required, (string?)null),
                _ => throw ApiException.Validation("tool_choice", "literal_error", "Input should be 'none', 'auto' or 'required'"),
            },
            JsonObject o when o["function"]?["name"] is JsonValue n => (ToolChoiceMode.Named, n.ToString()),
            _ => throw ApiException.Validation("tool_choice", "model_type", "Input should be a valid dictionary or instance of ChatCompletionNamedToolChoiceParam"),
        };

        if (parsed.Mode != ToolChoiceMode.None && tools.Count == 0)
        {
            throw ApiException.ValueError("When using `tool_choice`, `tools` must be set.");
        }

        if (parsed.Mode == ToolChoiceMode.Named && tools.All(t => t.Name != parsed.Named))
        {
            throw ApiException.ValueError("The tool specified in `tool_choice` does not match any of the specified `tools`");
        }

        return parsed;
    }
}
