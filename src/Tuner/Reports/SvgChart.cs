using System.Globalization;
using System.Net;
using System.Text;
using Gateway.Tuner.Sweep;

namespace Gateway.Tuner.Reports;

/// <summary>
/// chart.svg, written by hand so the tool needs no plotting package: per task, validity (solid) and
/// consistency (dashed) in percent against temperature, from the raw rows.
/// </summary>
public static class SvgChart
{
    private const double Width = 640, Height = 380, Left = 60, Right = 20, Top = 40, Bottom = 90;
    private static readonly string[] Colours = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e"];

    public static string Render(IReadOnlyList<Row> rows)
    {
        var raw = rows.Where(r => r.Source == RowBuilder.Raw && r.Temperature is not null).ToList();
        var temperatures = raw.Select(r => r.Temperature!.Value).Distinct().Order().ToList();
        var (tMin, tMax) = temperatures.Count switch
        {
            0 => (0.0, 1.0),
            1 => (temperatures[0] - 0.1, temperatures[0] + 0.1),
            _ => (temperatures[0], temperatures[^1]),
        };
        double X(double t) => Left + (t - tMin) / (tMax - tMin) * (Width - Left - Right);
        double Y(double rate) => Top + (1 - rate) * (Height - Top - Bottom);

        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture,
            $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\" font-family=\"sans-serif\" font-size=\"12\">\n");
        sb.Append(CultureInfo.InvariantCulture, $"<rect width=\"{Width}\" height=\"{Height}\" fill=\"white\"/>\n");
        sb.Append(CultureInfo.InvariantCulture,
            $"<text x=\"{Width / 2}\" y=\"22\" text-anchor=\"middle\" font-size=\"15\">Validity and consistency against temperature</text>\n");

        foreach (var rate in new[] { 0, 0.25, 0.5, 0.75, 1 })
        {
            sb.Append(CultureInfo.InvariantCulture,
                $"<line x1=\"{Left}\" y1=\"{Y(rate):0.#}\" x2=\"{Width - Right}\" y2=\"{Y(rate):0.#}\" stroke=\"#ddd\"/>\n");
            sb.Append(CultureInfo.InvariantCulture,
                $"<text x=\"{Left - 6}\" y=\"{Y(rate) + 4:0.#}\" text-anchor=\"end\">{rate * 100:0}%</text>\n");
        }

        foreach (var t in temperatures)
        {
            sb.Append(CultureInfo.InvariantCulture,
                $"<text x=\"{X(t):0.#}\" y=\"{Height - Bottom + 18}\" text-anchor=\"middle\">{t:0.0##}</text>\n");
        }

        sb.Append(CultureInfo.InvariantCulture,
            $"<line x1=\"{Left}\" y1=\"{Height - Bottom}\" x2=\"{Width - Right}\" y2=\"{Height - Bottom}\" stroke=\"black\"/>\n");
        sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" y1=\"{Top}\" x2=\"{Left}\" y2=\"{Height - Bottom}\" stroke=\"black\"/>\n");
        sb.Append(CultureInfo.InvariantCulture,
            $"<text x=\"{(Left + Width - Right) / 2}\" y=\"{Height - Bottom + 38}\" text-anchor=\"middle\">temperature</text>\n");
        sb.Append(CultureInfo.InvariantCulture,
            $"<text transform=\"rotate(-90)\" x=\"{-(Top + Height - Bottom) / 2}\" y=\"16\" text-anchor=\"middle\">% of samples</text>\n");

        var legendY = Height - 28;
        var legendX = Left;
        var tasks = raw.Select(r => r.Task).Distinct().ToList();
        for (var i = 0; i < tasks.Count; i++)
        {
            var colour = Colours[i % Colours.Length];
            var taskRows = raw.Where(r => r.Task == tasks[i]).OrderBy(r => r.Temperature).ToList();
            var series = new List<(string Label, string Dash, List<(double T, double Rate)> Points)>();
            if (taskRows.Any(r => r.ValidJsonRate is not null))
            {
                var schema = taskRows.Any(r => r.SchemaValidRate is not null);
                series.Add(($"{tasks[i]} {(schema ? "schema-valid" : "valid JSON")}", "",
                    taskRows.Select(r => (r.Temperature!.Value, r.SchemaValidRate ?? r.ValidJsonRate ?? 0)).ToList()));
            }

            series.Add(($"{tasks[i]} consistency", "6 4", taskRows.Select(r => (r.Temperature!.Value, r.Consistency)).ToList()));
            foreach (var (label, dash, points) in series)
            {
                var path = string.Join(' ', points.Select(p => string.Create(CultureInfo.InvariantCulture, $"{X(p.T):0.#},{Y(p.Rate):0.#}")));
                sb.Append(CultureInfo.InvariantCulture,
                    $"<polyline points=\"{path}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\" stroke-dasharray=\"{dash}\"/>\n");
                foreach (var p in points)
                {
                    sb.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{X(p.T):0.#}\" cy=\"{Y(p.Rate):0.#}\" r=\"3\" fill=\"{colour}\"/>\n");
                }

                sb.Append(CultureInfo.InvariantCulture,
                    $"<line x1=\"{legendX}\" y1=\"{legendY}\" x2=\"{legendX + 24}\" y2=\"{legendY}\" stroke=\"{colour}\" stroke-width=\"2\" stroke-dasharray=\"{dash}\"/>\n");
                sb.Append(CultureInfo.InvariantCulture,
                    $"<text x=\"{legendX + 30}\" y=\"{legendY + 4}\">{WebUtility.HtmlEncode(label)}</text>\n");
                legendX += 40 + 7 * label.Length;
                if (legendX > Width - 150)
                {
                    legendX = Left;
                    legendY += 16;
                }
            }
        }

        sb.Append("</svg>\n");
        return sb.ToString();
    }
}
