using System.Text.Json.Nodes;
using Gateway.Tuner.Measures;

namespace Gateway.Tuner.Tests;

public sealed class MeasureTests
{
    [Theory]
    [InlineData("{\"name\":\"Ann\",\"age\":30}", true)]
    [InlineData("  \n{\"a\": [1, 2]}\n", true)]
    [InlineData("{\"name\":\"Ann\",}", false)]
    [InlineData("Sure! Here is the JSON:\n{\"a\":1}", false)]
    [InlineData("```json\n{\"a\":1}\n```", false)]
    [InlineData("{'a': 1}", false)]
    [InlineData("{\"a\":", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void Valid_json_means_the_whole_answer_parses(string? answer, bool valid) =>
        Assert.Equal(valid, JsonValidity.IsValidJson(answer));

    [Fact]
    public void Schema_validity_checks_types_and_required_fields()
    {
        var validity = new JsonValidity(PromptSpec.Default.Schema);

        Assert.True(validity.IsSchemaValid("{\"name\":\"Ann\",\"age\":30,\"email\":\"a@b.c\",\"interests\":[\"go\"]}"));
        Assert.False(validity.IsSchemaValid("{\"name\":\"Ann\",\"age\":\"thirty\"}"));
        Assert.False(validity.IsSchemaValid("{\"name\":\"Ann\"}"));
        Assert.False(validity.IsSchemaValid("{\"name\":\"Ann\",\"age\":30,\"interests\":[1]}"));
        Assert.False(validity.IsSchemaValid("not json"));
    }

    [Fact]
    public void Without_a_schema_valid_json_is_schema_valid() =>
        Assert.True(new JsonValidity(null).IsSchemaValid("[1,2]"));

    [Fact]
    public void Consistency_is_the_share_of_the_most_common_answer()
    {
        var (share, distinct) = Consistency.Measure(["{\"a\":1}", "{ \"a\" : 1 }", "{\"a\":2}", "hello"]);

        Assert.Equal(0.5, share);
        Assert.Equal(3, distinct);
    }

    [Fact]
    public void Identical_answers_are_fully_consistent() =>
        Assert.Equal((1.0, 1), Consistency.Measure([" same ", "same", "same\n"]));

    [Fact]
    public void Failed_samples_count_as_one_answer_of_their_own() =>
        Assert.Equal((2.0 / 3, 2), Consistency.Measure([null, null, "x"]));

    [Fact]
    public void Consistency_of_nothing_is_zero() => Assert.Equal((0.0, 0), Consistency.Measure([]));

    [Fact]
    public void Text_that_never_repeats_itself_scores_zero() =>
        Assert.Equal(0, Repetition.Measure("The quick brown fox jumps over the lazy dog near the river bank."));

    [Fact]
    public void A_loop_scores_close_to_one()
    {
        var loop = string.Concat(Enumerable.Repeat("I am sorry. ", 30));

        Assert.True(Repetition.Measure(loop) > 0.9);
    }

    [Fact]
    public void Repetition_counts_repeated_trigrams()
    {
        // Trigrams: "a b c", "b c a", "c a b", "a b c" -> one of four repeats an earlier one.
        Assert.Equal(0.25, Repetition.Measure("a b c a b c"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("two words")]
    [InlineData(null)]
    public void Short_answers_do_not_repeat(string? text) => Assert.Equal(0, Repetition.Measure(text));

    [Fact]
    public void Default_prompt_asks_for_json_only_with_a_schema()
    {
        Assert.Equal("function_call", PromptSpec.Default.Task);
        Assert.Contains("JSON only", PromptSpec.Default.Prompt, StringComparison.Ordinal);
        Assert.IsType<JsonObject>(PromptSpec.Default.Schema);
    }
}
