using Gateway.Profiles.Classification;

namespace Gateway.Profiles.Tests.Classification;

public sealed class CodeShapeTests
{
    [Fact]
    public void Code_lines_are_counted()
    {
        var shape = CodeShape.Read("here:\ndef load(path):\n    with open(path) as f:\n        return f.read()\n");
        Assert.Equal(3, shape.CodeLines);
        Assert.False(shape.HasStackTrace);
    }

    [Fact]
    public void Prose_has_no_code_lines()
    {
        var shape = CodeShape.Read("dear team,\nthe launch moves to may 17.\nfor example: qa needs a week.\nthanks, priya");
        Assert.Equal(0, shape.CodeLines);
        Assert.False(shape.HasCodeFence);
    }

    [Fact]
    public void A_fence_tagged_with_a_language_is_code()
    {
        Assert.True(CodeShape.Read("look:\n```yaml\non: push\n```").HasCodeFence);
    }

    [Fact]
    public void A_fence_holding_code_lines_is_code()
    {
        Assert.True(CodeShape.Read("```\nconst x = f();\n```").HasCodeFence);
    }

    [Fact]
    public void A_fenced_message_is_not_code()
    {
        Assert.False(CodeShape.Read("my friend wrote:\n```\nhey, sorry i've been distant lately.\ncan we talk?\n```\nwhat do i say?").HasCodeFence);
    }

    [Theory]
    [InlineData("traceback (most recent call last):\n  file \"app.py\", line 12, in <module>")]
    [InlineData("java.lang.nullpointerexception: name is null\n    at com.acme.user.load(user.java:42)")]
    [InlineData("typeerror: cannot read properties of undefined (reading 'map')")]
    [InlineData("panic: runtime error: index out of range")]
    public void Stack_traces_and_error_lines_are_recognised(string text) =>
        Assert.True(CodeShape.Read(text).HasStackTrace);

    [Fact]
    public void An_error_word_in_a_sentence_is_not_a_stack_trace() =>
        Assert.False(CodeShape.Read("i made an error in my tax return: what now?").HasStackTrace);
}
