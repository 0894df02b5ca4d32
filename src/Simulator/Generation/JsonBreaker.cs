using System.Text.Json;

namespace Gateway.Simulator.Generation;

/// <summary>The ways a sampled-too-hot model spoils JSON; the RNG picks one so clients meet all of them.</summary>
public static class JsonBreaker
{
    private static readonly string[] Preambles =
    [
        "Sure! Here is the JSON you asked for:\n",
        "Here is the result:\n```json\n",
        "当然，以下是结果：\n",
    ];

    public static string Break(string json, SimRandom random)
    {
        var broken = random.Next(0, 4) switch
        {
            0 => Truncate(json, random),
            1 => TrailingComma(json),
            2 => ProseAround(json, random),
            _ => json.Replace('"', '\''),
        };

        // Some variants are no-ops on tiny objects ("{}" has no quotes); never hand back valid JSON.
        return IsValid(broken) ? json[..^1] : broken;
    }

    public static bool IsValid(string text)
    {
        try
        {
            using var _ = JsonDocument.Parse(text);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string Truncate(string json, SimRandom random)
    {
        var cut = (int)(json.Length * (0.4 + (random.NextDouble() * 0.5)));
        return json[..Math.Clamp(cut, 1, json.Length - 1)];
    }

    private static string TrailingComma(string json)
    {
        var close = json.LastIndexOfAny(['}', ']']);
        return close <= 0 ? json + "," : json[..close] + "," + json[close..];
    }

    private static string ProseAround(string json, SimRandom random)
    {
        var preamble = random.Pick(Preambles);
        var fence = preamble.Contains("```", StringComparison.Ordinal) ? "\n```" : "";
        return preamble + json + fence + "\nLet me know if you need anything else.";
    }
}
