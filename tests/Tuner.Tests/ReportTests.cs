using System.Text.Json.Nodes;
using System.Xml.Linq;
using Gateway.Tuner.Reports;
using Gateway.Tuner.Sweep;

namespace Gateway.Tuner.Tests;

public sealed class ReportTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "tuner-report-" + Guid.NewGuid().ToString("N"));

    private static readonly SweepOptions Options = new() { BaseUrl = new Uri("http://127.0.0.1:8000/v1"), Model = "m", Samples = 3 };

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    internal static Row Raw(double temperature, double? valid, double consistency = 1, double repetition = 0, string task = "function_call") =>
        new()
        {
            Task = task, Source = RowBuilder.Raw, Temperature = temperature, Samples = 3, ValidJsonRate = valid,
            SchemaValidRate = valid, Consistency = consistency, DistinctAnswers = 1, Repetition = repetition,
        };

    private static SweepResult Result()
    {
        List<Row> rows = [Raw(0.3, 1), Raw(0.5, 1), Raw(0.7, 1), Raw(1.0, 2.0 / 3), Raw(1.3, 1.0 / 3)];
        return new SweepResult(Options, [PromptSpec.Default], rows, Recommender.Recommend(rows, Options));
    }

    [Fact]
    public void Writes_markdown_json_and_svg_that_parse()
    {
        ReportWriter.Write(Result(), _dir);

        var md = File.ReadAllText(Path.Combine(_dir, "report.md"));
        Assert.Contains("| task ", md, StringComparison.Ordinal);
        Assert.Contains("| function_call | raw | 1.3 ", md, StringComparison.Ordinal);
        Assert.Contains("chart.svg", md, StringComparison.Ordinal);

        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(_dir, "report.json")))!;
        var rows = json["rows"]!.AsArray();
        Assert.Equal(5, rows.Count);
        Assert.Equal(0.3, rows[0]!["temperature"]!.GetValue<double>());
        Assert.Equal(1.0, rows[0]!["validJsonRate"]!.GetValue<double>());
        Assert.Equal(1.0 / 3, rows[4]!["validJsonRate"]!.GetValue<double>(), 6);
        Assert.Equal(0.7, json["recommendation"]!["Gateway"]!["Profiles"]!["function_call"]!["Temperature"]!.GetValue<double>());

        var svg = XDocument.Load(Path.Combine(_dir, "chart.svg"));
        XNamespace ns = "http://www.w3.org/2000/svg";
        Assert.Equal(ns + "svg", svg.Root!.Name);
        Assert.Equal(2, svg.Descendants(ns + "polyline").Count());
        Assert.Contains(svg.Descendants(ns + "text"), t => t.Value == "temperature");
    }

    [Fact]
    public void Table_shows_percentages_and_dashes_for_free_text()
    {
        var table = Table.Render([Raw(0.7, null, task: "chat")]);

        Assert.Contains("| chat ", table, StringComparison.Ordinal);
        Assert.Contains("| -  ", table, StringComparison.Ordinal);
        Assert.Contains("100%", table, StringComparison.Ordinal);
    }

    [Fact]
    public void Unwritable_output_is_a_usage_error()
    {
        var file = Path.Combine(Path.GetTempPath(), "tuner-file-" + Guid.NewGuid().ToString("N"));
        File.WriteAllText(file, "");
        try
        {
            Assert.Throws<UsageException>(() => ReportWriter.Write(Result(), file));
        }
        finally
        {
            File.Delete(file);
        }
    }
}
