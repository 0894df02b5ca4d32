using System.Text;
using System.Text.Json;
using Gateway.Profiles.Requests;

namespace Gateway.Profiles.Tests.Requests;

public sealed class JsonTextWindowTests
{
    private static string Read(string jsonString, int window)
    {
        using var document = JsonDocument.Parse(jsonString);
        var buffer = new char[window];
        var length = JsonTextWindow.Read(document.RootElement, buffer);
        return new string(buffer, 0, length);
    }

    [Theory]
    [InlineData("\"Line\\nTab\\t\\\"Quoted\\\" back\\\\slash\"")]
    [InlineData("\"\\u4F60\\u597D JSON \\u00C9t\\u00E9\"")]
    [InlineData("\"只返回 JSON，不要解释\"")]
    [InlineData("\"emoji \\ud83d\\ude00 and 😀\"")]
    public void Short_strings_decode_to_their_lowercased_value(string json)
    {
        // The expectation comes from System.Text.Json's own decoding.
        var expected = JsonDocument.Parse(json).RootElement.GetString()!.ToLowerInvariant();
        Assert.Equal(expected, Read(json, 4096));
    }

    [Fact]
    public void Non_strings_read_as_nothing()
    {
        Assert.Equal("", Read("42", 64));
        Assert.Equal("", Read("null", 64));
    }

    [Fact]
    public void A_one_megabyte_string_is_read_through_its_head_and_tail()
    {
        var text = "HEAD-MARK " + new string('x', 500_000) + " MIDDLE-MARK " + new string('y', 500_000) + " TAIL-MARK";
        var json = JsonSerializer.Serialize(text);
        var read = Read(json, 4096);
        Assert.True(read.Length <= 4096);
        Assert.StartsWith("head-mark x", read, StringComparison.Ordinal);
        Assert.EndsWith("y tail-mark", read, StringComparison.Ordinal);
        Assert.DoesNotContain("middle-mark", read, StringComparison.Ordinal);
        Assert.Contains('\n', read);
    }

    [Fact]
    public void Cut_escapes_and_multibyte_chars_never_throw_nor_leave_fragments()
    {
        // Every cut offset: escaped CJK, escaped newlines and raw UTF-8 CJK around the window's edges.
        for (var pad = 0; pad < 16; pad++)
        {
            var raw = new StringBuilder("\"").Append('a', pad);
            for (var i = 0; i < 400; i++)
            {
                raw.Append(i % 3 == 0 ? "\\u4f60" : i % 3 == 1 ? "\\n" : "好");
            }

            raw.Append('a', pad).Append('"');
            foreach (var window in new[] { 64, 65, 66, 67, 101, 255 })
            {
                var read = Read(raw.ToString(), window);
                Assert.True(read.Length <= window);
                Assert.All(read, c => Assert.Contains(c, "a你好\n"));
            }
        }
    }
}
