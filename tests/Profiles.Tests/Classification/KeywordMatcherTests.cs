using Gateway.Profiles.Classification;

namespace Gateway.Profiles.Tests.Classification;

public sealed class KeywordMatcherTests
{
    // Returns the indexes of the terms found (one signal per term), texts given lowercased as the classifier reads them.
    private static int[] Found(string text, params string[] terms)
    {
        var matcher = new KeywordMatcher(terms.Select((t, i) => (t, i)));
        var best = new double[terms.Length];
        matcher.Match(text, best, zoneChars: 10_000, middleFactor: 0.4);
        return [.. Enumerable.Range(0, terms.Length).Where(i => best[i] > 0)];
    }

    [Theory]
    [InlineData("write a poem please", "poem", true)]
    [InlineData("my poems", "poem", false)]
    [InlineData("ipoem", "poem", false)]
    [InlineData("poem.", "poem", true)]
    [InlineData("hi there", "hi", true)]
    [InlineData("this is history", "hi", false)]
    [InlineData("c# and c++", "c#", true)]
    [InlineData("c# and c++", "c++", true)]
    [InlineData("abc++", "c++", false)]
    public void Terms_match_on_word_boundaries(string text, string term, bool expected) =>
        Assert.Equal(expected, Found(text, term).Length == 1);

    // Words are skipped when no term starts with their first two chars: terms shorter than two chars, and words
    // starting outside ASCII, must still be found.
    [Theory]
    [InlineData("use r for this", "r", true)]
    [InlineData("use rust for this", "r", false)]
    [InlineData("a xylophone solo", "x*", true)]
    [InlineData("an xy plot", "x*", true)]
    [InlineData("écris un poème", "écri*", true)]
    [InlineData("un résumé court", "résumé", true)]
    [InlineData("überblick bitte", "über*", true)]
    [InlineData("the cat sat", "cats", false)]
    public void Short_and_non_ascii_terms_are_found(string text, string term, bool expected) =>
        Assert.Equal(expected, Found(text, term).Length == 1);

    [Theory]
    [InlineData("please summarize this", true)]
    [InlineData("a summary of it", true)]
    [InlineData("summarization", true)]
    [InlineData("unsummarized", false)]
    [InlineData("sum", false)]
    public void A_trailing_star_matches_any_ending(string text, bool expected) =>
        Assert.Equal(expected, Found(text, "summar*").Length == 1);

    [Theory]
    [InlineData("只返回json")]
    [InlineData("只返回 json")]
    [InlineData("请只返回 json，谢谢")]
    [InlineData("你好只返回json")]
    public void Cjk_terms_match_anywhere_and_with_or_without_spaces(string text) =>
        Assert.Single(Found(text, "只返回JSON"));

    [Fact]
    public void Cjk_terms_need_every_char()
    {
        Assert.Empty(Found("只返回", "只返回json"));
        Assert.Empty(Found("总 结", "总结x"));
        Assert.Single(Found("帮我总结一下", "总结"));
    }

    [Theory]
    [InlineData("tl;dr please", "tl;dr")]
    [InlineData("tl dr please", "tl;dr")]
    [InlineData("tl;  dr", "tl dr")]
    [InlineData("let's role-play", "role play")]
    [InlineData("let's role play", "role-play")]
    [InlineData("json-only", "json only")]
    public void Separators_between_words_are_interchangeable(string text, string term) =>
        Assert.Single(Found(text, term));

    [Fact]
    public void Separators_do_not_join_words_that_touch()
    {
        Assert.Empty(Found("roleplay", "role-play"));
        Assert.Empty(Found("tldr", "tl;dr"));
    }

    [Fact]
    public void Terms_are_case_insensitive_as_configured()
    {
        Assert.Single(Found("respond with json only", "JSON Only"));
    }

    [Fact]
    public void Text_inside_code_fences_is_not_read_as_the_ask()
    {
        Assert.Empty(Found("fix this:\n```\nreturn json.dumps(x)\n```\n", "return json"));
        Assert.Single(Found("```\nx = 1\n```\nreturn json", "return json"));
    }

    [Fact]
    public void Terms_in_the_middle_of_a_long_text_count_less()
    {
        var matcher = new KeywordMatcher([("poem", 0)]);
        var text = new string('x', 1000) + " poem " + new string('x', 1000);
        var best = new double[1];
        matcher.Match(text, best, zoneChars: 300, middleFactor: 0.4);
        Assert.Equal(0.4, best[0]);
        matcher.Match("poem " + text, best, zoneChars: 300, middleFactor: 0.4);
        Assert.Equal(1.0, best[0]);
    }

    [Theory]
    [InlineData("*")]
    [InlineData(" ;- ")]
    [InlineData("")]
    public void Terms_without_a_letter_normalize_to_nothing(string term) =>
        Assert.Null(KeywordMatcher.Normalize(term));
}
