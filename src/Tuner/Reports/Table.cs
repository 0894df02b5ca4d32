using System.Globalization;
using System.Text;
using Gateway.Tuner.Sweep;

namespace Gateway.Tuner.Reports;

/// <summary>The guide's table: one line per temperature, as Markdown (printed on the terminal and in report.md).</summary>
public static class Table
{
    private static readonly string[] Header =
        ["task", "run", "temperature", "valid JSON", "schema-valid", "consistency", "distinct", "repetition",
         "latency ms (mean / p95)", "tokens", "errors"];

    public static string Render(IReadOnlyList<Row> rows)
    {
        var lines = rows.Select(Cells).Prepend(Header).ToList();
        var widths = Enumerable.Range(0, Header.Length).Select(i => lines.Max(l => l[i].Length)).ToArray();
        var sb = new StringBuilder();
        Line(sb, lines[0], widths);
        Line(sb, widths.Select(w => new string('-', w)).ToArray(), widths);
        foreach (var line in lines.Skip(1))
        {
            Line(sb, line, widths);
        }

        return sb.ToString();
    }

    public static string Percent(double? rate) => rate is { } r ? (r * 100).ToString("0", CultureInfo.InvariantCulture) + "%" : "-";

    private static string[] Cells(Row r) =>
    [
        r.Task,
        r.Source == RowBuilder.Raw ? "raw" : $"gateway ({r.Gateway?.Profile ?? r.Task}{Attempts(r)})",
        r.Temperature?.ToString("0.0##", CultureInfo.InvariantCulture) ?? "profile",
        Percent(r.ValidJsonRate),
        Percent(r.SchemaValidRate),
        Percent(r.Consistency),
        r.DistinctAnswers.ToString("0.#", CultureInfo.InvariantCulture),
        r.Repetition.ToString("0.00", CultureInfo.InvariantCulture),
        $"{r.LatencyMsMean.ToString("0", CultureInfo.InvariantCulture)} / {r.LatencyMsP95.ToString("0", CultureInfo.InvariantCulture)}",
        r.CompletionTokensMean.ToString("0", CultureInfo.InvariantCulture),
        $"{r.Errors}/{r.Samples}",
    ];

    private static string Attempts(Row r) => r.Gateway is { } g
        ? $", {g.MeanAttempts.ToString("0.0#", CultureInfo.InvariantCulture)} attempts, {Percent(g.ValidationPassedRate)} passed"
        : "";

    private static void Line(StringBuilder sb, string[] cells, int[] widths) =>
        sb.Append("| ").AppendJoin(" | ", cells.Select((c, i) => c.PadRight(widths[i]))).Append(" |\n");
}
