using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gateway.Simulator.Generation;
using Gateway.Simulator.Infrastructure;

namespace Gateway.Simulator.Requests;

/// <summary>Fields shared by chat and completions: model, streaming, sampling and structured-output controls.</summary>
public sealed record SamplingFields(
    bool Stream,
    bool IncludeUsage,
    GenerationRequest Template);

public static class SamplingParser
{
    /// <summary>Qwen2.5's generation_config.json default, which vLLM applies when temperature is omitted.</summary>
    public const double DefaultTemperature = 0.7;

    public static SamplingFields Parse(BodyReader body, SimulatorOptions options, int? defaultMaxTokens)
    {
        var model = body.GetString("model");
        var stream = body.GetBool("stream") ?? false;
        var streamOptions = body.GetObject("stream_options");
        var n = body.GetInt("n") ?? 1;
        var temperature = body.GetDouble("temperature") ?? DefaultTemperature;
        var seed = body.GetLong("seed");
        var maxTokens = body.GetInt("max_completion_tokens") ?? body.GetInt("max_tokens") ?? defaultMaxTokens;
        var topP = body.GetDouble("top_p");
        var topK = body.GetInt("top_k");
        var minP = body.GetDouble("min_p");
        var repetitionPenalty = body.GetDouble("repetition_penalty");
        var stop = ParseStop(body.Node("stop"));
        var responseFormat = body.GetObject("response_format");
        var structured = body.GetObject("structured_outputs");

        if (streamOptions is not null && !stream)
        {
            throw ApiException.ValueError("Stream options can only be defined when `stream=True`.");
        }

        var (jsonFormat, formatSchema) = ParseResponseFormat(responseFormat);
        var (constrained, guidedSchema, guidedObject, choices) = ParseGuided(body, structured);

        // vLLM checks the model before the sampling parameters.
        if (model is not null && model != options.Model)
        {
            throw new ApiException(404, "NotFoundError", $"The model `{model}` does not exist.", "model");
        }

        Require(n >= 1, $"n must be at least 1, got {n}.", "n");
        Require(temperature >= 0, $"temperature must be non-negative, got {Fmt(temperature)}.", "temperature");
        Require(topP is null or (> 0 and <= 1), $"top_p must be in (0, 1], got {Fmt(topP)}.", "top_p");
        Require(topK is null or -1 or >= 0, $"top_k must be 0 (disable), or at least 1, got {topK}.", "top_k");
        Require(minP is null or (>= 0 and <= 1), $"min_p must be in [0, 1], got {Fmt(minP)}.", "min_p");
        Require(repetitionPenalty is null or > 0, $"repetition_penalty must be greater than zero, got {Fmt(repetitionPenalty)}.", "repetition_penalty");
        Require(maxTokens is null or >= 1, $"max_tokens must be at least 1, got {maxTokens}.", "max_tokens");

        var template = new GenerationRequest
        {
            PromptText = "",
            Temperature = temperature,
            Seed = seed,
            N = n,
            MaxTokens = maxTokens,
            Stop = stop,
            JsonFormat = guidedObject ? JsonFormat.AnyObject : jsonFormat,
            Schema = guidedSchema ?? formatSchema,
            Constrained = constrained,
            Choices = choices,
        };
        return new SamplingFields(stream, streamOptions?["include_usage"]?.GetValueKind() == JsonValueKind.True, template);
    }

    private static (JsonFormat Format, JsonNode? Schema) ParseResponseFormat(JsonObject? responseFormat)
    {
        if (responseFormat is null)
        {
            return (JsonFormat.None, null);
        }

        var type = responseFormat["type"]?.ToString();
        switch (type)
        {
            case "text":
                return (JsonFormat.None, null);
            case "json_object":
                return (JsonFormat.AnyObject, null);
            case "json_schema":
                var jsonSchema = responseFormat["json_schema"] as JsonObject
                    ?? throw ApiException.ValueError("json_schema must be provided when response_format type is json_schema.");
                var schema = jsonSchema["schema"] ?? jsonSchema["json_schema"];
                return (JsonFormat.Schema, schema?.DeepClone() ?? new JsonObject { ["type"] = "object" });
            default:
                throw ApiException.Validation(
                    "response_format", "literal_error", "Input should be 'text', 'json_object' or 'json_schema'");
        }
    }

    private static (bool Constrained, JsonNode? Schema, bool JsonObject, IReadOnlyList<string>? Choices) ParseGuided(
        BodyReader body, JsonObject? structured)
    {
        var json = structured?["json"] ?? body.Node("guided_json");
        var jsonObject = structured?["json_object"]?.GetValueKind() == JsonValueKind.True
            || body.Node("guided_json_object")?.GetValueKind() == JsonValueKind.True;
        var choices = (structured?["choice"] ?? body.Node("guided_choice")) as JsonArray;
        var constrained = structured is not null || json is not null || jsonObject || choices is not null
            || body.Has("guided_regex") || body.Has("guided_grammar");

        // guided_json may be a schema serialised as a string.
        if (json is JsonValue text && text.GetValueKind() == JsonValueKind.String)
        {
            try
            {
                json = JsonNode.Parse(text.GetValue<string>());
            }
            catch (JsonException)
            {
                throw ApiException.BadRequest("guided_json is not a valid JSON schema.", "guided_json");
            }
        }

        var choiceList = choices?.Select(c => c?.ToString() ?? "").ToList();
        return (constrained, json?.DeepClone(), jsonObject, choiceList);
    }

    private static List<string> ParseStop(JsonNode? stop) => stop switch
    {
        null => [],
        JsonValue v when v.GetValueKind() == JsonValueKind.String => [v.GetValue<string>()],
        JsonArray a when a.All(x => x?.GetValueKind() == JsonValueKind.String) => a.Select(x => x!.GetValue<string>()).ToList(),
        _ => throw ApiException.Validation("stop", "string_type", "Input should be a valid string"),
    };

    private static void Require(bool condition, string message, string param)
    {
        if (!condition)
        {
            throw ApiException.BadRequest(message, param);
        }
    }

    private static string Fmt(double? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "None";
}
