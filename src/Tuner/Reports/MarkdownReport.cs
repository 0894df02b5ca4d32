using System.Globalization;
using System.Text;
using System.Text.Json;
using Gateway.Tuner.Sweep;

namespace Gateway.Tuner.Reports;

/// <summary>report.md: the setup, the table, the chart and the recommendation.</summary>
public static class MarkdownReport
{
    public static string Render(SweepResult result)
    {
        var o = result.Options;
        var sb = new StringBuilder();
        sb.Append("# Temperature sweep\n\n");
        sb.Append(CultureInfo.InvariantCulture,
            $"Model `{o.Model}` at `{o.BaseUrl}`; {result.Prompts.Count} prompt(s), {o.Samples} sample(s) each per temperature; ");
        sb.Append(CultureInfo.InvariantCulture,
            $"seeds {(o.SeedBase is { } s ? $"{s}..{s + o.Samples - 1}" : "not sent")}; top_p {o.Fixed.TopP?.ToString(CultureInfo.InvariantCulture) ?? "server default"}.\n\n");
        sb.Append(Table.Render(result.Rows)).Append('\n');
        sb.Append("Consistency: share of a prompt's samples identical to its most common answer (JSON compared re-serialised). ");
        sb.Append("Repetition: share of word trigrams repeated within an answer.\n\n");
        sb.Append("![validity and consistency against temperature](chart.svg)\n\n");
        sb.Append("## Recommendation\n\n");
        foreach (var note in result.Recommendation.Notes)
        {
            sb.Append("- ").Append(note).Append('\n');
        }

        sb.Append("\nPaste into appsettings.json:\n\n```json\n");
        sb.Append(result.Recommendation.Snippet.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        sb.Append("\n```\n");
        return sb.ToString();
    }
}
