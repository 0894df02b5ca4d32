using System.Text.Json;
using System.Text.Json.Nodes;
using Gateway.Simulator.Generation;
using Gateway.Simulator.Infrastructure;
using Gateway.Simulator.Requests;

namespace Gateway.Simulator.Endpoints;

/// <summary>POST /v1/embeddings: a deterministic unit vector per input, so equal inputs embed equally.</summary>
public static class EmbeddingsEndpoint
{
    public const int Dimensions = 16;

    public static void MapEmbeddings(this IEndpointRouteBuilder app) =>
        app.MapPost("/v1/embeddings", HandleAsync);

    private static async Task HandleAsync(HttpContext context, SimulatorOptions options)
    {
        var body = await BodyReader.ReadAsync(context);
        var inputs = Inputs(body.Node("input") ?? throw BodyReader.Missing("input"));
        var model = body.GetString("model");
        var format = body.GetString("encoding_format") ?? "float";
        if (model is not null && model != options.Model)
        {
            throw new ApiException(404, "NotFoundError", $"The model `{model}` does not exist.", "model");
        }

        var data = new JsonArray();
        var promptTokens = 0;
        for (var i = 0; i < inputs.Count; i++)
        {
            var vector = Vector(inputs[i].Text);
            promptTokens += inputs[i].Tokens;
            data.Add(new JsonObject
            {
                ["index"] = i,
                ["object"] = "embedding",
                ["embedding"] = format == "base64" ? Base64(vector) : new JsonArray(vector.Select(v => (JsonNode?)v).ToArray()),
            });
        }

        await Json.WriteAsync(context, new JsonObject
        {
            ["id"] = "embd-" + Ids.Hex(),
            ["object"] = "list",
            ["created"] = Ids.Now(),
            ["model"] = options.Model,
            ["data"] = data,
            ["usage"] = Usage.Body(promptTokens, 0),
        });
    }

    private static float[] Vector(string text)
    {
        var random = new SimRandom(SimRandom.Hash(text));
        var v = new float[Dimensions];
        for (var i = 0; i < v.Length; i++)
        {
            v[i] = (float)((random.NextDouble() * 2) - 1);
        }

        var norm = MathF.Sqrt(v.Sum(x => x * x));
        return v.Select(x => MathF.Round(x / norm, 6)).ToArray();
    }

    private static string Base64(float[] vector)
    {
        var bytes = new byte[vector.Length * sizeof(float)];
        Buffer.BlockCopy(vector, 0, bytes, 0, bytes.Length);
        return Convert.ToBase64String(bytes);
    }

    private static List<(string Text, int Tokens)> Inputs(JsonNode input) => input switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.String => [(v.GetValue<string>(), Tokenizer.Count(v.GetValue<string>()))],
        JsonArray a when a.All(x => x?.GetValueKind() == JsonValueKind.String) =>
            a.Select(x => x!.GetValue<string>()).Select(s => (s, Tokenizer.Count(s))).ToList(),
        JsonArray a when a.All(x => x?.GetValueKind() == JsonValueKind.Number) => [(a.ToJsonString(), a.Count)],
        JsonArray a when a.All(x => x is JsonArray) => a.Select(x => (x!.ToJsonString(), ((JsonArray)x).Count)).ToList(),
        _ => throw ApiException.Validation("input", "string_type", "Input should be a valid string"),
    };
}
