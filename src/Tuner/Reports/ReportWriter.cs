using Gateway.Tuner.Sweep;

namespace Gateway.Tuner.Reports;

/// <summary>Writes report.md, report.json and chart.svg into the output directory.</summary>
public static class ReportWriter
{
    public static void Write(SweepResult result, string directory)
    {
        try
        {
            Directory.CreateDirectory(directory);
            File.WriteAllText(Path.Combine(directory, "report.md"), MarkdownReport.Render(result));
            File.WriteAllText(Path.Combine(directory, "report.json"), JsonReport.Render(result));
            File.WriteAllText(Path.Combine(directory, "chart.svg"), SvgChart.Render(result.Rows));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"cannot write to --out '{directory}': {ex.Message}");
        }
    }
}
