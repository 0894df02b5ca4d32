namespace Gateway.Tuner.Measures;

/// <summary>
/// Looping output: the share of word trigrams in an answer that already occurred earlier in it.
/// 0 for an answer that never repeats itself; close to 1 for one stuck in a loop.
/// </summary>
public static class Repetition
{
    private const int N = 3;

    public static double Measure(string? text)
    {
        var words = (text ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var total = words.Length - N + 1;
        if (total <= 1)
        {
            return 0;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var repeats = 0;
        for (var i = 0; i < total; i++)
        {
            if (!seen.Add(string.Join(' ', words, i, N)))
            {
                repeats++;
            }
        }

        return (double)repeats / total;
    }
}
