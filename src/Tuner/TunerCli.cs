using System.Text.Json;
using Gateway.Tuner.Reports;
using Gateway.Tuner.Sweep;

namespace Gateway.Tuner;

/// <summary>Entry point shared by Program.cs and the tests: parse, sweep, report, map failures to exit codes.</summary>
public static class TunerCli
{
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, bool errorRedirected,
        CancellationToken cancellationToken)
    {
        if (args is ["--help" or "-h" or "help"] or ["sweep", "--help" or "-h"])
        {
            output.WriteLine(OptionsParser.Usage);
            return ExitCodes.Success;
        }

        try
        {
            var options = OptionsParser.Parse(args, Environment.GetEnvironmentVariable);
            var prompts = PromptFile.Load(options.PromptFile);
            var progress = new ProgressReporter(error, SweepRunner.CountRequests(options, prompts), !errorRedirected);
            var runner = new SweepRunner(options, prompts, progress);
            var result = await runner.RunAsync(cancellationToken);
            ReportWriter.Write(result, options.OutDir);

            output.Write(Table.Render(result.Rows));
            output.WriteLine();
            foreach (var note in result.Recommendation.Notes)
            {
                output.WriteLine(note);
            }

            output.WriteLine("Recommended profile (paste into appsettings.json):");
            output.WriteLine(result.Recommendation.Snippet.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            output.WriteLine($"Reports: {Path.GetFullPath(options.OutDir)} (report.md, report.json, chart.svg)");
            return ExitCodes.Success;
        }
        catch (UsageException ex)
        {
            error.WriteLine($"error: {ex.Message}");
            error.WriteLine("run 'tuner --help' for the options.");
            return ExitCodes.Usage;
        }
        catch (UpstreamException ex)
        {
            error.WriteLine($"error: {ex.Message}");
            return ExitCodes.Upstream;
        }
    }
}
