using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Gateway.Tuner.Tests;

public sealed class ErrorTests
{
    [Fact]
    public async Task Unreachable_url_exits_3_with_a_clear_message()
    {
        var (code, _, error) = await Cli.RunAsync("sweep", "--base-url", $"http://127.0.0.1:{FreePort()}", "--model", "m",
            "--timeout", "5", "--out", Cli.TempDir());

        Assert.Equal(ExitCodes.Upstream, code);
        Assert.Contains("unreachable", error, StringComparison.Ordinal);
        Assert.Contains("/v1/models", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Non_openai_answer_exits_3()
    {
        await using var app = WebApplication.Create(["--urls", "http://127.0.0.1:0"]);
        app.MapFallback(() => Results.Content("<html><body>It works!</body></html>", "text/html"));
        await app.StartAsync();

        var (code, _, error) = await Cli.RunAsync("sweep", "--base-url", app.Urls.First(), "--model", "m", "--out", Cli.TempDir());

        Assert.Equal(ExitCodes.Upstream, code);
        Assert.Contains("not OpenAI-compatible", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("{\"prompts\": []}")]
    [InlineData("{\"prompts\": [{\"prompt\": \"hi\"}]}")]
    [InlineData("{\"prompts\": [{\"task\": \"poetry\", \"prompt\": \"hi\"}]}")]
    [InlineData("[{\"task\": \"chat\", \"prompt\": \"hi\", \"schema\": {\"type\": 12}}]")]
    public async Task Bad_prompt_file_exits_2(string content)
    {
        var file = Path.GetTempFileName();
        await File.WriteAllTextAsync(file, content);
        try
        {
            var (code, _, error) = await Cli.RunAsync("sweep", "--base-url", "http://127.0.0.1:9", "--model", "m", "--prompts", file);

            Assert.Equal(ExitCodes.Usage, code);
            Assert.Contains("error:", error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [InlineData("sweep", "--model", "m")]
    [InlineData("sweep", "--base-url", "ftp://x", "--model", "m")]
    [InlineData("sweep", "--base-url", "http://127.0.0.1:9", "--model", "m", "--temperatures", "0.3,abc")]
    [InlineData("sweep", "--base-url", "http://127.0.0.1:9", "--model", "m", "--samples", "0")]
    [InlineData("sweep", "--base-url", "http://127.0.0.1:9", "--model", "m", "--bogus", "1")]
    [InlineData("tune")]
    public async Task Bad_arguments_exit_2(params string[] args) =>
        Assert.Equal(ExitCodes.Usage, (await Cli.RunAsync(args)).Code);

    [Fact]
    public async Task Missing_prompt_file_exits_2() =>
        Assert.Equal(ExitCodes.Usage, (await Cli.RunAsync("sweep", "--base-url", "http://127.0.0.1:9", "--model", "m",
            "--prompts", Path.Combine(Cli.TempDir(), "none.json"))).Code);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
