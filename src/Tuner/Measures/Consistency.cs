using System.Text.Json;
using System.Text.Json.Nodes;

namespace Gateway.Tuner.Measures;

/// <summary>How much the samples of one prompt agree: share equal to the most common answer, and distinct answers.</summary>
public static class Consistency
{
    public static (double Share, int Distinct) Measure(IReadOnlyCollection<string?> answers)
    {
        if (answers.Count == 0)
        {
            return (0, 0);
        }

        var groups = answers.GroupBy(Normalise, StringComparer.Ordinal).ToList();
        return ((double)groups.Max(g => g.Count()) / answers.Count, groups.Count);
    }

    /// <summary>Valid JSON is compared re-serialised, so layout and spacing do not make answers differ;
    /// other text is compared trimmed. A failed request (null) is its own answer.</summary>
    public static string Normalise(string? answer)
    {
        if (answer is null)
        {
            return "\0error";
        }

        var trimmed = answer.Trim();
        try
        {
            return JsonNode.Parse(trimmed)?.ToJsonString() ?? "null";
        }
        catch (JsonException)
        {
            return trimmed;
        }
    }
}
