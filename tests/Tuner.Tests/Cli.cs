namespace Gateway.Tuner.Tests;

/// <summary>Runs the tool in-process and captures what it prints.</summary>
internal static class Cli
{
    public static async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await TunerCli.RunAsync(args, output, error, errorRedirected: true, CancellationToken.None);
        return (code, output.ToString(), error.ToString());
    }

    public static string TempDir() => Path.Combine(Path.GetTempPath(), "tuner-test-" + Guid.NewGuid().ToString("N"));
}
