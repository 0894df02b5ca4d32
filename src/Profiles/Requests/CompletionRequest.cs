using System.Text.Json;
using Gateway.Profiles.Decoding;

namespace Gateway.Profiles.Requests;

/// <summary>The two OpenAI endpoints whose bodies the gateway reads and rewrites.</summary>
public enum CompletionEndpoint
{
    ChatCompletions,
    Completions,
}

/// <summary>What the request asks of the answer's format.</summary>
public enum ResponseFormatKind
{
    None,
    Text,
    JsonObject,
    JsonSchema,
}

/// <summary>
/// A chat completion or completion body, parsed once and checked. It keeps the parsed document, so the
/// body it was parsed from must outlive it; everything else reads from here.
/// </summary>
public sealed class CompletionRequest : IDisposable
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 128 };

    private readonly JsonDocument _document;

    private CompletionRequest(JsonDocument document, CompletionEndpoint endpoint)
    {
        _document = document;
        Endpoint = endpoint;
    }

    public CompletionEndpoint Endpoint { get; }

    public JsonElement Root => _document.RootElement;

    public string? Model { get; private set; }

    public bool Stream { get; private set; }

    public bool IncludeUsage { get; private set; }

    public int ChoiceCount { get; private set; } = 1;

    public long? Seed { get; private set; }

    /// <summary>The decoding values exactly as the client stated them.</summary>
    public DecodingParameters ClientParameters { get; private set; }

    /// <summary>True when the client capped tokens with <c>max_completion_tokens</c> (as the OpenAI SDKs do).</summary>
    public bool UsesMaxCompletionTokens { get; private set; }

    /// <summary>The declared tools, or an undefined element when there are none.</summary>
    public JsonElement Tools { get; private set; }

    public bool HasTools => Tools.ValueKind == JsonValueKind.Array && Tools.GetArrayLength() > 0;

    /// <summary>True unless <c>tool_choice</c> is "none".</summary>
    public bool ToolsEnabled { get; private set; } = true;

    public ResponseFormatKind ResponseFormat { get; private set; }

    /// <summary>The chat messages (chat completions), or an undefined element.</summary>
    public JsonElement Messages { get; private set; }

    /// <summary>The prompt (completions), or an undefined element.</summary>
    public JsonElement Prompt { get; private set; }

    public void Dispose() => _document.Dispose();

    /// <summary>Parses and checks a body; on failure returns null and the error to send back.</summary>
    public static CompletionRequest? Parse(ReadOnlyMemory<byte> utf8Body, CompletionEndpoint endpoint, out RequestError? error)
    {
        if (!System.Text.Unicode.Utf8.IsValid(utf8Body.Span))
        {
            error = new RequestError("The request body is not valid UTF-8.", null, RequestError.InvalidJson);
            return null;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8Body, DocumentOptions);
        }
        catch (JsonException ex)
        {
            error = new RequestError(
                $"The request body is not valid JSON: {ex.Message}", null, RequestError.InvalidJson);
            return null;
        }

        var request = new CompletionRequest(document, endpoint);
        try
        {
            error = request.Read();
        }
        catch (InvalidOperationException ex)
        {
            // An escape that is not valid Unicode (a lone surrogate, "\ud800") surfaces only when the string is read.
            error = new RequestError($"The request body holds text that is not valid Unicode: {ex.Message}", null, RequestError.InvalidJson);
        }

        if (error is null)
        {
            return request;
        }

        request.Dispose();
        return null;
    }

    private RequestError? Read()
    {
        if (Root.ValueKind != JsonValueKind.Object)
        {
            return new RequestError("The request body must be a JSON object.", null, RequestError.InvalidType);
        }

        var parameters = new DecodingParameters();
        int? maxTokens = null, maxCompletionTokens = null;
        foreach (var property in Root.EnumerateObject())
        {
            var value = property.Value;
            var error = property.Name switch
            {
                "model" => ReadModel(value),
                "messages" when Endpoint == CompletionEndpoint.ChatCompletions => ReadMessages(value),
                "prompt" when Endpoint == CompletionEndpoint.Completions => ReadPrompt(value),
                "stream" => ReadBoolean(value, "stream", v => Stream = v),
                "stream_options" => ReadStreamOptions(value),
                "n" => ReadWhole(value, "n", 1, 128, v => ChoiceCount = v ?? 1),
                "seed" => ReadSeed(value),
                "tools" => ReadTools(value),
                "tool_choice" => ReadToolChoice(value),
                "response_format" => ReadResponseFormat(value),
                DecodingParameters.Fields.Temperature => ReadNumber(value, property.Name, 0, 2, v => parameters = parameters with { Temperature = v }),
                DecodingParameters.Fields.TopP => ReadNumber(value, property.Name, double.Epsilon, 1, v => parameters = parameters with { TopP = v }),
                DecodingParameters.Fields.TopK => ReadWhole(value, property.Name, -1, int.MaxValue, v => parameters = parameters with { TopK = v }),
                DecodingParameters.Fields.MinP => ReadNumber(value, property.Name, 0, 1, v => parameters = parameters with { MinP = v }),
                DecodingParameters.Fields.FrequencyPenalty => ReadNumber(value, property.Name, -2, 2, v => parameters = parameters with { FrequencyPenalty = v }),
                DecodingParameters.Fields.PresencePenalty => ReadNumber(value, property.Name, -2, 2, v => parameters = parameters with { PresencePenalty = v }),
                DecodingParameters.Fields.RepetitionPenalty => ReadNumber(value, property.Name, double.Epsilon, 2, v => parameters = parameters with { RepetitionPenalty = v }),
                DecodingParameters.Fields.MaxTokens => ReadWhole(value, property.Name, 1, int.MaxValue, v => maxTokens = v),
                DecodingParameters.Fields.MaxCompletionTokens when Endpoint == CompletionEndpoint.ChatCompletions =>
                    ReadWhole(value, property.Name, 1, int.MaxValue, v => maxCompletionTokens = v),
                _ => null,
            };
            if (error is not null)
            {
                return error;
            }
        }

        UsesMaxCompletionTokens = maxCompletionTokens is not null;
        ClientParameters = parameters with { MaxTokens = maxCompletionTokens ?? maxTokens };
        return Endpoint switch
        {
            CompletionEndpoint.ChatCompletions when Messages.ValueKind == JsonValueKind.Undefined => RequestError.Missing("messages"),
            CompletionEndpoint.Completions when Prompt.ValueKind == JsonValueKind.Undefined => RequestError.Missing("prompt"),
            _ => null,
        };
    }

    private RequestError? ReadModel(JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                Model = value.GetString();
                return null;
            case JsonValueKind.Null:
                return null;
            default:
                return RequestError.WrongType("model", "a string");
        }
    }

    private RequestError? ReadMessages(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            return RequestError.WrongType("messages", "an array of message objects");
        }

        if (value.GetArrayLength() == 0)
        {
            return RequestError.OutOfRange("messages", "a non-empty array");
        }

        var index = 0;
        foreach (var message in value.EnumerateArray())
        {
            if (message.ValueKind != JsonValueKind.Object)
            {
                return RequestError.WrongType($"messages[{index}]", "an object");
            }

            if (!message.TryGetProperty("role", out var role))
            {
                return RequestError.Missing($"messages[{index}].role");
            }

            if (role.ValueKind != JsonValueKind.String)
            {
                return RequestError.WrongType($"messages[{index}].role", "a string");
            }

            if (message.TryGetProperty("content", out var content)
                && content.ValueKind is not (JsonValueKind.String or JsonValueKind.Array or JsonValueKind.Null))
            {
                return RequestError.WrongType($"messages[{index}].content", "a string or an array of content parts");
            }

            index++;
        }

        Messages = value;
        return null;
    }

    private RequestError? ReadPrompt(JsonElement value)
    {
        var valid = value.ValueKind switch
        {
            JsonValueKind.String => true,
            JsonValueKind.Array => value.GetArrayLength() > 0 && value.EnumerateArray().All(
                static item => item.ValueKind is JsonValueKind.String or JsonValueKind.Number or JsonValueKind.Array),
            _ => false,
        };
        if (!valid)
        {
            return RequestError.WrongType("prompt", "a string, an array of strings or an array of token ids");
        }

        Prompt = value;
        return null;
    }

    private RequestError? ReadStreamOptions(JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            return RequestError.WrongType("stream_options", "an object");
        }

        return value.TryGetProperty("include_usage", out var includeUsage)
            ? ReadBoolean(includeUsage, "stream_options.include_usage", v => IncludeUsage = v)
            : null;
    }

    private RequestError? ReadSeed(JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var seed))
        {
            return RequestError.WrongType("seed", "an integer");
        }

        Seed = seed;
        return null;
    }

    private RequestError? ReadTools(JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            return RequestError.WrongType("tools", "an array of tool objects");
        }

        var index = 0;
        foreach (var tool in value.EnumerateArray())
        {
            if (tool.ValueKind != JsonValueKind.Object)
            {
                return RequestError.WrongType($"tools[{index}]", "an object");
            }

            index++;
        }

        Tools = value;
        return null;
    }

    private RequestError? ReadToolChoice(JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                ToolsEnabled = !value.ValueEquals("none");
                return null;
            case JsonValueKind.Object or JsonValueKind.Null:
                return null;
            default:
                return RequestError.WrongType("tool_choice", "a string or an object");
        }
    }

    private RequestError? ReadResponseFormat(JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            return RequestError.WrongType("response_format", "an object");
        }

        if (!value.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String)
        {
            return RequestError.Missing("response_format.type");
        }

        if (type.ValueEquals("json_schema"))
        {
            if (!value.TryGetProperty("json_schema", out var jsonSchema) || jsonSchema.ValueKind != JsonValueKind.Object)
            {
                return RequestError.Missing("response_format.json_schema");
            }

            ResponseFormat = ResponseFormatKind.JsonSchema;
        }
        else
        {
            ResponseFormat = type.ValueEquals("json_object") ? ResponseFormatKind.JsonObject : ResponseFormatKind.Text;
        }

        return null;
    }

    private static RequestError? ReadBoolean(JsonElement value, string param, Action<bool> set)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.True or JsonValueKind.False:
                set(value.GetBoolean());
                return null;
            case JsonValueKind.Null:
                return null;
            default:
                return RequestError.WrongType(param, "a boolean");
        }
    }

    private static RequestError? ReadNumber(JsonElement value, string param, double min, double max, Action<double?> set)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var number))
        {
            return RequestError.WrongType(param, "a number");
        }

        if (number < min || number > max || !double.IsFinite(number))
        {
            var lower = min == double.Epsilon ? $"greater than 0" : $"at least {min}";
            return RequestError.OutOfRange(param, $"{lower} and at most {max}");
        }

        set(number);
        return null;
    }

    private static RequestError? ReadWhole(JsonElement value, string param, int min, int max, Action<int?> set)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var number) || number != Math.Floor(number))
        {
            return RequestError.WrongType(param, "an integer");
        }

        if (number < min || number > max)
        {
            return RequestError.OutOfRange(param, max == int.MaxValue ? $"at least {min}" : $"between {min} and {max}");
        }

        set((int)number);
        return null;
    }
}
