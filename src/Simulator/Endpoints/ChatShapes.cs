using System.Text.Json.Nodes;
using Gateway.Simulator.Generation;

namespace Gateway.Simulator.Endpoints;

/// <summary>JSON shapes of vLLM's ChatCompletionResponse and ChatCompletionStreamResponse.</summary>
public static class ChatShapes
{
    public static JsonObject Response(string id, long created, string model, IReadOnlyList<Answer> answers, int promptTokens)
    {
        var choices = new JsonArray();
        for (var i = 0; i < answers.Count; i++)
        {
            var a = answers[i];
            choices.Add(new JsonObject
            {
                ["index"] = i,
                ["message"] = Message(a),
                ["logprobs"] = null,
                ["finish_reason"] = a.FinishReason,
                ["stop_reason"] = a.StopReason,
            });
        }

        return new JsonObject
        {
            ["id"] = id,
            ["object"] = "chat.completion",
            ["created"] = created,
            ["model"] = model,
            ["choices"] = choices,
            ["service_tier"] = null,
            ["system_fingerprint"] = null,
            ["usage"] = Usage.Body(promptTokens, answers.Sum(a => a.CompletionTokens)),
            ["prompt_logprobs"] = null,
            ["kv_transfer_params"] = null,
        };
    }

    private static JsonObject Message(Answer a)
    {
        var toolCalls = new JsonArray();
        if (a.ToolCall is { } call)
        {
            toolCalls.Add(new JsonObject
            {
                ["id"] = call.Id,
                ["type"] = "function",
                ["function"] = new JsonObject { ["name"] = call.Name, ["arguments"] = call.Arguments },
            });
        }

        return new JsonObject
        {
            ["role"] = "assistant",
            ["content"] = a.Content,
            ["refusal"] = null,
            ["annotations"] = null,
            ["audio"] = null,
            ["function_call"] = null,
            ["tool_calls"] = toolCalls,
            ["reasoning_content"] = null,
        };
    }

    public static JsonObject Chunk(string id, long created, string model, JsonObject choice) => new()
    {
        ["id"] = id,
        ["object"] = "chat.completion.chunk",
        ["created"] = created,
        ["model"] = model,
        ["choices"] = new JsonArray(choice),
    };

    public static JsonObject UsageChunk(string id, long created, string model, int promptTokens, int completionTokens) => new()
    {
        ["id"] = id,
        ["object"] = "chat.completion.chunk",
        ["created"] = created,
        ["model"] = model,
        ["choices"] = new JsonArray(),
        ["usage"] = Usage.Chunk(promptTokens, completionTokens),
    };

    public static JsonObject DeltaChoice(int index, JsonObject delta) => new()
    {
        ["index"] = index,
        ["delta"] = delta,
        ["logprobs"] = null,
        ["finish_reason"] = null,
    };

    public static JsonObject FinishChoice(int index, Answer answer) => new()
    {
        ["index"] = index,
        // vLLM ends text with an empty content delta and tool calls with an empty delta.
        ["delta"] = answer.ToolCall is null ? new JsonObject { ["content"] = "" } : new JsonObject(),
        ["logprobs"] = null,
        ["finish_reason"] = answer.FinishReason,
        ["stop_reason"] = answer.StopReason,
    };

    public static JsonObject ToolCallHeader(PlannedToolCall call) => new()
    {
        ["tool_calls"] = new JsonArray(new JsonObject
        {
            ["index"] = 0,
            ["id"] = call.Id,
            ["type"] = "function",
            ["function"] = new JsonObject { ["name"] = call.Name, ["arguments"] = "" },
        }),
    };

    public static JsonObject ToolCallFragment(string arguments) => new()
    {
        ["tool_calls"] = new JsonArray(new JsonObject
        {
            ["index"] = 0,
            ["function"] = new JsonObject { ["arguments"] = arguments },
        }),
    };
}
