using Gateway.Profiles.Requests;

namespace Gateway.Profiles.Tests.Requests;

public sealed class CompletionRequestTests
{
    [Theory]
    [InlineData("{\"messages\": [", null, RequestError.InvalidJson)]
    [InlineData("[1, 2]", null, RequestError.InvalidType)]
    [InlineData("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"temperature\":\"hot\"}", "temperature", RequestError.InvalidType)]
    [InlineData("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"temperature\":2.5}", "temperature", RequestError.InvalidValue)]
    [InlineData("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"top_p\":0}", "top_p", RequestError.InvalidValue)]
    [InlineData("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":1.5}", "max_tokens", RequestError.InvalidType)]
    [InlineData("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"n\":0}", "n", RequestError.InvalidValue)]
    [InlineData("{\"model\":\"m\"}", "messages", RequestError.MissingParameter)]
    [InlineData("{\"messages\":[]}", "messages", RequestError.InvalidValue)]
    [InlineData("{\"messages\":[{\"content\":\"hi\"}]}", "messages[0].role", RequestError.MissingParameter)]
    [InlineData("{\"messages\":[{\"role\":\"user\",\"content\":5}]}", "messages[0].content", RequestError.InvalidType)]
    [InlineData("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"response_format\":{\"type\":\"json_schema\"}}", "response_format.json_schema", RequestError.MissingParameter)]
    public void Chat_bodies_are_refused_with_the_param_at_fault(string json, string? param, string code)
    {
        var error = Bodies.Refused(json);
        Assert.Equal(param, error.Param);
        Assert.Equal(code, error.Code);
        Assert.Equal(400, error.Status);
    }

    [Fact]
    public void A_completion_without_a_prompt_is_refused()
    {
        var error = Bodies.Refused("{\"model\":\"m\",\"messages\":[]}", CompletionEndpoint.Completions);
        Assert.Equal("prompt", error.Param);
        Assert.Equal(RequestError.MissingParameter, error.Code);
    }

    [Fact]
    public void The_clients_values_and_structure_are_read()
    {
        using var request = Bodies.Chat("""
            {"model":"qwen","messages":[{"role":"user","content":"hi"}],"temperature":0.2,"top_k":-1,
             "max_completion_tokens":300,"response_format":{"type":"json_object"},"tool_choice":"none",
             "tools":[{"type":"function","function":{"name":"f"}}],"stream":true,"seed":7}
            """);
        Assert.Equal("qwen", request.Model);
        Assert.Equal(0.2, request.ClientParameters.Temperature);
        Assert.Equal(-1, request.ClientParameters.TopK);
        Assert.Equal(300, request.ClientParameters.MaxTokens);
        Assert.True(request.UsesMaxCompletionTokens);
        Assert.Equal(ResponseFormatKind.JsonObject, request.ResponseFormat);
        Assert.True(request.HasTools);
        Assert.False(request.ToolsEnabled);
        Assert.True(request.Stream);
        Assert.Equal(7, request.Seed);
    }
}
