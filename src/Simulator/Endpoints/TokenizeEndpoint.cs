using System.Text;
using System.Text.Json.Nodes;
using Gateway.Simulator.Generation;
using Gateway.Simulator.Infrastructure;
using Gateway.Simulator.Requests;

namespace Gateway.Simulator.Endpoints;

/// <summary>POST /tokenize with either "prompt" or chat "messages" (rendered through Qwen's ChatML template).</summary>
public static class TokenizeEndpoint
{
    public static void MapTokenize(this IEndpointRouteBuilder app) =>
        app.MapPost("/tokenize", HandleAsync);

    private static async Task HandleAsync(HttpContext context, SimulatorOptions options)
    {
        var body = await BodyReader.ReadAsync(context);
        var model = body.GetString("model");
        var text = body.GetArray("messages") is { } messages
            ? RenderChat(messages, body.GetBool("add_generation_prompt") ?? true)
            : body.GetString("prompt") ?? throw BodyReader.Missing("prompt");
        if (model is not null && model != options.Model)
        {
            throw new ApiException(404, "NotFoundError", $"The model `{model}` does not exist.", "model");
        }

        var pieces = Tokenizer.Split(text);
        var tokens = new JsonArray(pieces.Select(p => (JsonNode?)Ids.TokenId(p)).ToArray());
        var result = new JsonObject
        {
            ["count"] = pieces.Count,
            ["max_model_len"] = options.MaxModelLen,
            ["tokens"] = tokens,
            ["token_strs"] = body.GetBool("return_token_strs") == true
                ? new JsonArray(pieces.Select(p => (JsonNode?)p).ToArray())
                : null,
        };
        await Json.WriteAsync(context, result);
    }

    private static string RenderChat(JsonArray messages, bool addGenerationPrompt)
    {
        var sb = new StringBuilder();
        foreach (var message in messages.OfType<JsonObject>())
        {
            sb.Append("<|im_start|>").Append(message["role"]).Append('\n')
                .Append(message["content"] is JsonValue v ? v.ToString() : "").Append("<|im_end|>\n");
        }

        if (addGenerationPrompt)
        {
            sb.Append("<|im_start|>assistant\n");
        }

        return sb.ToString();
    }
}
