using System.Text;
using Gateway.Profiles.Requests;

namespace Gateway.Profiles.Tests.Requests;

/// <summary>Builds parsed requests from JSON text, failing the test when the body is refused.</summary>
internal static class Bodies
{
    public static CompletionRequest Chat(string json) => Parse(json, CompletionEndpoint.ChatCompletions);

    public static CompletionRequest Completion(string json) => Parse(json, CompletionEndpoint.Completions);

    /// <summary>A chat body with one user message; the text is JSON-escaped here.</summary>
    public static CompletionRequest User(string text, string model = "qwen") =>
        Chat($$"""{"model":{{System.Text.Json.JsonSerializer.Serialize(model)}},"messages":[{"role":"user","content":{{System.Text.Json.JsonSerializer.Serialize(text)}}}]}""");

    public static RequestError Refused(string json, CompletionEndpoint endpoint = CompletionEndpoint.ChatCompletions)
    {
        var request = CompletionRequest.Parse(Encoding.UTF8.GetBytes(json), endpoint, out var error);
        Assert.Null(request);
        return Assert.IsType<RequestError>(error);
    }

    private static CompletionRequest Parse(string json, CompletionEndpoint endpoint)
    {
        var request = CompletionRequest.Parse(Encoding.UTF8.GetBytes(json), endpoint, out var error);
        Assert.True(request is not null, error?.Message);
        return request;
    }
}

/// <summary>Headers for rule tests.</summary>
internal sealed class Headers(Dictionary<string, string> values) : Gateway.Profiles.Classification.IRequestHeaders
{
    public string? this[string name] => values.TryGetValue(name, out var value) ? value : null;
}
