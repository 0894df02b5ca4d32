using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Gateway.Tests.Infrastructure;

/// <summary>
/// An in-test vLLM that answers structured requests with valid JSON at or below a temperature threshold and
/// with broken JSON above it (as the tuning guide measured Qwen doing), in vLLM's wire format. Constrained
/// decoding (structured_outputs / guided_json / tool_choice "required") always gives valid output.
/// </summary>
public static class JsonBreakingUpstream
{
    public const string ValidPerson = """{"name":"Ada","age":36}""";
    public const string BrokenPerson = """{"name":"Ada","age":36,""";

    public static RequestDelegate Handler(double threshold) => async context =>
    {
        try
        {
            await AnswerAsync(context, threshold);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or NullReferenceException or FormatException or ArgumentException)
        {
            // What vLLM does with a body it cannot use: a 400 in its error shape.
            context.Response.StatusCode = 400;
            await context.Response.WriteAsync("""{"error":{"message":"bad request","type":"BadRequestError","param":null,"code":400}}""");
        }
    };

    private static async Task AnswerAsync(HttpContext context, double threshold)
    {
        // Deep nesting is legal JSON and vLLM takes it; so does this stand-in.
        var body = JsonNode.Parse((string)context.Items["body"]!, documentOptions: new JsonDocumentOptions { MaxDepth = 1024 })!.AsObject();
        var temperature = body["temperature"]?.GetValue<double>() ?? 0.7;
        var constrained = body.ContainsKey("structured_outputs") || body.ContainsKey("guided_json")
            || body["tool_choice"]?.GetValueKind() == JsonValueKind.String && body["tool_choice"]!.GetValue<string>() == "required";
        var valid = temperature <= threshold || constrained;
        var message = new JsonObject { ["role"] = "assistant", ["reasoning_content"] = null };
        string finish;
        if (body["tools"] is JsonArray { Count: > 0 } tools)
        {
            var name = tools[0]!["function"]!["name"]!.GetValue<string>();
            message["content"] = null;
            message["tool_calls"] = new JsonArray(new JsonObject
            {
                ["id"] = "chatcmpl-tool-1",
                ["type"] = "function",
                ["function"] = new JsonObject { ["name"] = name, ["arguments"] = valid ? """{"city":"Paris"}""" : """{"city": "Paris""" },
            });
            finish = "tool_calls";
        }
        else
        {
            message["content"] = valid ? ValidPerson : BrokenPerson;
            message["tool_calls"] = new JsonArray();
            finish = "stop";
        }

        var answer = new JsonObject
        {
            ["id"] = $"chatcmpl-{Guid.NewGuid():N}",
            ["object"] = "chat.completion",
            ["created"] = 1_700_000_000,
            ["model"] = body["model"]?.GetValue<string>() ?? "m",
            ["choices"] = new JsonArray(new JsonObject
            {
                ["index"] = 0, ["message"] = message, ["logprobs"] = null, ["finish_reason"] = finish, ["stop_reason"] = null,
            }),
            ["usage"] = new JsonObject { ["prompt_tokens"] = 10, ["completion_tokens"] = 7, ["total_tokens"] = 17 },
        };
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(answer.ToJsonString());
    }

    /// <summary>The temperatures the upstream received, in order.</summary>
    public static double[] Temperatures(FakeUpstream upstream) =>
        upstream.Bodies.Select(b => JsonNode.Parse(b)!["temperature"]!.GetValue<double>()).ToArray();

    public static JsonObject[] Received(FakeUpstream upstream) =>
        upstream.Bodies.Select(b => JsonNode.Parse(b)!.AsObject()).ToArray();
}
