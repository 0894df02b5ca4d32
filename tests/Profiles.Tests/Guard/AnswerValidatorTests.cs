using System.Text;
using Gateway.Profiles.Guard;
using Gateway.Profiles.Requests;

namespace Gateway.Profiles.Tests.Guard;

public sealed class AnswerValidatorTests
{
    private const string Schema = """{"type":"object","properties":{"name":{"type":"string"},"age":{"type":"integer"}},"required":["name","age"]}""";

    [Theory]
    [InlineData("""{\"name\":\"Ada\",\"age\":36}""", AnswerOutcome.Passed)]
    [InlineData("""{\"name\":\"Ada\",\"age\":\"old\"}""", AnswerOutcome.Failed)]
    [InlineData("""{\"name\":\"Ada\"}""", AnswerOutcome.Failed)]
    [InlineData("""{\"name\":\"Ada\",\"age\":36""", AnswerOutcome.Failed)]
    public void Json_schema_content_is_checked_against_the_schema(string content, AnswerOutcome expected)
    {
        var requirement = Requirement("""{"response_format":{"type":"json_schema","json_schema":{"name":"p","schema":""" + Schema + "}}}");

        var check = AnswerValidator.Check(Chat(content), requirement, repair: false);

        Assert.Equal(expected, check.Outcome);
        Assert.Equal(expected == AnswerOutcome.Failed, check.Message is not null);
    }

    [Fact]
    public void The_schema_message_names_the_failing_location()
    {
        var requirement = Requirement("""{"response_format":{"type":"json_schema","json_schema":{"name":"p","schema":""" + Schema + "}}}");

        var check = AnswerValidator.Check(Chat("""{\"name\":\"Ada\",\"age\":\"old\"}"""), requirement, repair: false);

        Assert.Contains("/age", check.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_object_needs_an_object_and_every_choice_must_pass()
    {
        var requirement = Requirement("""{"response_format":{"type":"json_object"}}""");
        var answer = """{"choices":[{"index":0,"message":{"content":"{\"a\":1}"}},{"index":1,"message":{"content":"[1,2]"}}]}""";

        var check = AnswerValidator.Check(Encoding.UTF8.GetBytes(answer), requirement, repair: false);

        Assert.Equal(AnswerOutcome.Failed, check.Outcome);
        Assert.StartsWith("Choice 1:", check.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Tool_calls_must_name_a_declared_function_with_arguments_matching_its_parameters()
    {
        var requirement = Requirement("""{"tools":[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}}]}""");

        Assert.Equal(AnswerOutcome.Passed, AnswerValidator.Check(ToolCall("get_weather", """{\"city\":\"Paris\"}"""), requirement, false).Outcome);
        Assert.Contains("not a declared function", AnswerValidator.Check(ToolCall("get_time", "{}"), requirement, false).Message, StringComparison.Ordinal);
        Assert.Contains("do not match", AnswerValidator.Check(ToolCall("get_weather", "{}"), requirement, false).Message, StringComparison.Ordinal);
        Assert.Contains("not valid JSON", AnswerValidator.Check(ToolCall("get_weather", """{\"city\":"""), requirement, false).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Repair_strips_a_fence_only_when_enabled_and_says_so()
    {
        var requirement = Requirement("""{"response_format":{"type":"json_object"}}""");
        var fenced = Chat("Here it is:\\n```json\\n{\\\"a\\\": 1}\\n```");

        Assert.Equal(AnswerOutcome.Failed, AnswerValidator.Check(fenced, requirement, repair: false).Outcome);
        var repaired = AnswerValidator.Check(fenced, requirement, repair: true);
        Assert.Equal(AnswerOutcome.Repaired, repaired.Outcome);
        Assert.Equal("{\"a\": 1}", repaired.Repaired![0]);
    }

    [Fact]
    public void Identical_answers_share_a_fingerprint_and_usage_is_read()
    {
        var requirement = Requirement("""{"response_format":{"type":"json_object"}}""");

        var one = AnswerValidator.Check(Chat("{\\\"a\\\"", tokens: 17), requirement, false);
        var two = AnswerValidator.Check(Chat("{\\\"a\\\"", tokens: 17), requirement, false);
        var other = AnswerValidator.Check(Chat("{\\\"b\\\"", tokens: 17), requirement, false);

        Assert.Equal(one.Fingerprint, two.Fingerprint);
        Assert.NotEqual(one.Fingerprint, other.Fingerprint);
        Assert.Equal(17, one.TotalTokens);
    }

    [Fact]
    public void Free_text_needs_no_validation_and_a_json_only_prompt_needs_json()
    {
        using var free = Parse("""{"messages":[{"role":"user","content":"hi"}]}""");
        Assert.Null(OutputRequirement.For(free, asksJsonOnly: false));

        var jsonOnly = OutputRequirement.For(free, asksJsonOnly: true)!;
        Assert.Equal(OutputKind.Json, jsonOnly.Kind);
        Assert.Equal(AnswerOutcome.Passed, AnswerValidator.Check(Chat("[1,2,3]"), jsonOnly, false).Outcome);
        Assert.Equal(AnswerOutcome.Failed, AnswerValidator.Check(Chat("Sure! [1,2,3]"), jsonOnly, false).Outcome);
    }

    [Theory]
    [InlineData(true, "structured_outputs", """{"json_object":true}""")]
    [InlineData(false, "guided_json", """{"type":"object"}""")]
    public void Constrained_decoding_uses_the_field_of_the_vllm_version(bool structuredOutputs, string field, string value)
    {
        var requirement = Requirement("""{"response_format":{"type":"json_object"}}""");

        var fields = requirement.ConstrainedDecodingFields(structuredOutputs);

        Assert.Equal(new KeyValuePair<string, string>(field, value), Assert.Single(fields));
    }

    private static OutputRequirement Requirement(string extra)
    {
        using var request = Parse($$"""{"messages":[{"role":"user","content":"x"}],{{extra.Trim()[1..^1]}}}""");
        return OutputRequirement.For(request, asksJsonOnly: false)!;
    }

    private static CompletionRequest Parse(string json) =>
        CompletionRequest.Parse(Encoding.UTF8.GetBytes(json), CompletionEndpoint.ChatCompletions, out _)!;

    private static byte[] Chat(string escapedContent, int tokens = 10) => Encoding.UTF8.GetBytes(
        "{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"" + escapedContent
        + "\"},\"finish_reason\":\"stop\"}],\"usage\":{\"total_tokens\":" + tokens + "}}");

    private static byte[] ToolCall(string name, string escapedArguments) => Encoding.UTF8.GetBytes(
        "{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"t\",\"type\":\"function\",\"function\":{\"name\":\""
        + name + "\",\"arguments\":\"" + escapedArguments + "\"}}]},\"finish_reason\":\"tool_calls\"}]}");
}
