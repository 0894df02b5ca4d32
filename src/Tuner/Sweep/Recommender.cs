using System.Text.Json.Nodes;

namespace Gateway.Tuner.Sweep;

/// <summary>
/// Picks a temperature per task from the raw rows: the highest one such that it and every lower temperature pass.
/// Structured tasks pass when schema validity (or JSON validity, without a schema) reaches the target; free-text
/// tasks pass when mean repetition stays at or below the limit and consistency at or above its minimum.
/// Requiring the lower ones too keeps a lucky hot row from beating a failed cooler one.
/// </summary>
public static class Recommender
{
    public static Recommendation Recommend(IReadOnlyList<Row> rows, SweepOptions options)
    {
        var profiles = new JsonObject();
        var notes = new List<string>();
        foreach (var task in rows.Where(r => r.Source == RowBuilder.Raw).Select(r => r.Task).Distinct())
        {
            var taskRows = rows.Where(r => r.Task == task && r.Source == RowBuilder.Raw && r.Temperature is not null)
                .OrderBy(r => r.Temperature).ToList();
            var structured = taskRows.Any(r => r.ValidJsonRate is not null);
            var passing = taskRows.TakeWhile(r => Passes(r, structured, options)).LastOrDefault();
            var rule = structured
                ? $"{(taskRows.Any(r => r.SchemaValidRate is not null) ? "schema" : "JSON")} validity >= {Reports.Table.Percent(options.TargetValidity)}"
                : $"repetition <= {options.MaxRepetition:0.###} and consistency >= {Reports.Table.Percent(options.MinConsistency)}";
            if (passing?.Temperature is not { } temperature)
            {
                notes.Add($"{task}: no temperature met {rule}; no profile proposed.");
                continue;
            }

            profiles[task] = Profile(temperature, options.Fixed);
            notes.Add($"{task}: {temperature:0.0##} is the highest temperature with {rule} at it and every lower one.");
        }

        var snippet = new JsonObject { ["Gateway"] = new JsonObject { ["Profiles"] = profiles } };
        return new Recommendation(snippet, notes);
    }

    private static bool Passes(Row row, bool structured, SweepOptions options) => structured
        ? (row.SchemaValidRate ?? row.ValidJsonRate ?? 0) >= options.TargetValidity - 1e-9
        : row.Repetition <= options.MaxRepetition + 1e-9 && row.Consistency >= options.MinConsistency - 1e-9;

    /// <summary>The tuned temperature plus every parameter that was held fixed while measuring it.</summary>
    private static JsonObject Profile(double temperature, FixedParameters p)
    {
        var profile = new JsonObject { ["Temperature"] = temperature };
        void Add(string key, double? value)
        {
            if (value is { } v)
            {
                profile[key] = v;
            }
        }

        Add("TopP", p.TopP);
        Add("TopK", p.TopK);
        Add("MinP", p.MinP);
        Add("FrequencyPenalty", p.FrequencyPenalty);
        Add("PresencePenalty", p.PresencePenalty);
        Add("RepetitionPenalty", p.RepetitionPenalty);
        Add("MaxTokens", p.MaxTokens);
        return profile;
    }
}

/// <summary>Snippet ready for appsettings.json, and one line per task saying why.</summary>
public sealed record Recommendation(JsonObject Snippet, IReadOnlyList<string> Notes);
