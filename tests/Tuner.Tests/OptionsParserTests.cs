namespace Gateway.Tuner.Tests;

public sealed class OptionsParserTests
{
    [Fact]
    public void Parses_every_option()
    {
        var o = OptionsParser.Parse(
        [
            "sweep", "--base-url", "http://127.0.0.1:8000/v1", "--model", "m", "--temperatures", "1.3, 0.3,0.7",
            "--samples", "5", "--out", "o", "--top-p", "0.9", "--top-k", "20", "--min-p", "0.05", "--repetition-penalty", "1.05",
            "--frequency-penalty", "0.3", "--presence-penalty", "0.3", "--max-tokens", "256", "--concurrency", "8",
            "--api-key", "k", "--timeout", "30", "--seed-base", "7", "--target-validity", "95%", "--max-repetition", "0.2",
            "--min-consistency", "50", "--compare-gateway", "http://127.0.0.1:8080", "--header", "x-a=b",
        ], _ => null);

        Assert.Equal([0.3, 0.7, 1.3], o.Temperatures);
        Assert.Equal(5, o.Samples);
        Assert.Equal(0.9, o.Fixed.TopP);
        Assert.Equal(20, o.Fixed.TopK);
        Assert.Equal(256, o.Fixed.MaxTokens);
        Assert.Equal(7, o.SeedBase);
        Assert.Equal(0.95, o.TargetValidity, 6);
        Assert.Equal(0.5, o.MinConsistency, 6);
        Assert.Equal(TimeSpan.FromSeconds(30), o.Timeout);
        Assert.Equal("b", o.Headers["x-a"]);
        Assert.Equal("k", o.ApiKey);
    }

    [Fact]
    public void Defaults_follow_the_guide()
    {
        var o = OptionsParser.Parse(["sweep", "--base-url", "http://h", "--model", "m", "--no-seed"], _ => "env-key");

        Assert.Equal([0.3, 0.5, 0.7, 1.0, 1.3], o.Temperatures);
        Assert.Equal(0.95, o.Fixed.TopP);
        Assert.Null(o.SeedBase);
        Assert.Equal(1.0, o.TargetValidity);
        Assert.Equal("env-key", o.ApiKey);
    }

    [Fact]
    public void Top_p_none_leaves_it_to_the_server() =>
        Assert.Null(OptionsParser.Parse(["sweep", "--base-url", "http://h", "--model", "m", "--top-p", "none"], _ => null).Fixed.TopP);
}
