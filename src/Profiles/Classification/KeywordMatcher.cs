using System.Collections.Frozen;

namespace Gateway.Profiles.Classification;

/// <summary>
/// Finds many terms in one pass over a text, without regular expressions: a hash lookup per word (and per
/// CJK char, since CJK has no spaces), then a char-by-char check of the few terms starting there. Its cost
/// grows with the text's length only, never with how the text is shaped.
/// </summary>
internal sealed class KeywordMatcher
{
    private const string Fence = "```";

    private readonly FrozenDictionary<string, Term[]>.AlternateLookup<ReadOnlySpan<char>> _byFirstWord;
    private readonly FrozenDictionary<string, Term[]>.AlternateLookup<ReadOnlySpan<char>> _byWordPrefix;
    private readonly FrozenDictionary<char, Term[]> _byFirstChar;
    private const int PrefixKeyLength = 3;

    private readonly int[] _prefixLengths;

    // One bit per pair of ASCII chars that starts some term's first word or prefix key: most words of a prompt
    // start no term at all, and this 2 KB table (which stays in cache) spares them every dictionary lookup.
    private readonly ulong[] _heads = new ulong[128 * 128 / 64];

    /// <param name="terms">Each term with the index of the signal it belongs to.</param>
    public KeywordMatcher(IEnumerable<(string Term, int Signal)> terms)
    {
        var byFirstWord = new Dictionary<string, List<Term>>(StringComparer.Ordinal);
        var byWordPrefix = new Dictionary<string, List<Term>>(StringComparer.Ordinal);
        var byFirstChar = new Dictionary<char, List<Term>>();
        foreach (var (text, signal) in terms)
        {
            if (Normalize(text) is not { } term)
            {
                continue;
            }

            var normalized = new Term(term.Text, term.Prefix, signal);
            if (IsCjk(term.Text[0]))
            {
                Add(byFirstChar, term.Text[0], normalized);
                continue;
            }

            var firstWordEnd = 0;
            while (firstWordEnd < term.Text.Length && IsWordChar(term.Text[firstWordEnd]))
            {
                firstWordEnd++;
            }

            var firstWord = term.Text[..firstWordEnd];
            if (term.Prefix && firstWordEnd == term.Text.Length)
            {
                // Keyed by a short head, so a word costs one lookup however many prefix lengths there are.
                Add(byWordPrefix, firstWord[..Math.Min(PrefixKeyLength, firstWord.Length)], normalized);
            }
            else
            {
                Add(byFirstWord, firstWord, normalized);
            }
        }

        _byFirstWord = byFirstWord.ToFrozenDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.Ordinal)
            .GetAlternateLookup<ReadOnlySpan<char>>();
        _byWordPrefix = byWordPrefix.ToFrozenDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.Ordinal)
            .GetAlternateLookup<ReadOnlySpan<char>>();
        _byFirstChar = byFirstChar.ToFrozenDictionary(p => p.Key, p => p.Value.ToArray());
        _prefixLengths = byWordPrefix.Keys.Select(k => k.Length).Distinct().Order().ToArray();
        foreach (var word in byFirstWord.Keys)
        {
            MarkHead(word, prefix: false);
        }

        foreach (var head in byWordPrefix.Keys)
        {
            MarkHead(head, prefix: true);
        }
    }

    /// <summary>For each signal, records the highest position factor of its terms found in <paramref name="text"/>
    /// (1 near either end, where the ask usually stands; <paramref name="middleFactor"/> elsewhere). Text inside
    /// ``` fences is skipped: it is pasted material (its words are code or data, not the ask).</summary>
    public void Match(ReadOnlySpan<char> text, Span<double> best, int zoneChars, double middleFactor)
    {
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '`' && text[i..].StartsWith(Fence))
            {
                var close = text[(i + Fence.Length)..].IndexOf(Fence);
                if (close < 0)
                {
                    break;
                }

                i += (2 * Fence.Length) + close;
                continue;
            }

            if (IsCjk(c))
            {
                if (_byFirstChar.TryGetValue(c, out var candidates))
                {
                    Check(text, i, candidates, best, Factor(i, text.Length, zoneChars, middleFactor));
                }

                i++;
                continue;
            }

            if (!IsWordChar(c))
            {
                i++;
                continue;
            }

            var end = i + 1;
            while (end < text.Length && IsWordChar(text[end]))
            {
                end++;
            }

            var word = text[i..end];
            if (!MayStartTerm(word))
            {
                i = end;
                continue;
            }

            var factor = Factor(i, text.Length, zoneChars, middleFactor);
            if (_byFirstWord.TryGetValue(word, out var byWord))
            {
                Check(text, i, byWord, best, factor);
            }

            foreach (var length in _prefixLengths)
            {
                if (length > word.Length)
                {
                    break;
                }

                if (_byWordPrefix.TryGetValue(word[..length], out var byPrefix))
                {
                    Check(text, i, byPrefix, best, factor);
                }
            }

            i = end;
        }
    }

    private void MarkHead(string head, bool prefix)
    {
        if (head[0] >= 0x80 || (head.Length > 1 && head[1] >= 0x80))
        {
            return; // words starting outside ASCII are always looked up
        }

        if (head.Length > 1)
        {
            SetHead(head[0], head[1]);
        }
        else if (prefix)
        {
            for (var second = 0; second < 0x80; second++)
            {
                SetHead(head[0], (char)second); // a one-char prefix heads every word starting with it
            }
        }

        // A one-char word is always looked up (MayStartTerm passes words shorter than two chars).
    }

    private void SetHead(char first, char second)
    {
        var bit = (first << 7) | second;
        _heads[bit >> 6] |= 1UL << bit;
    }

    private bool MayStartTerm(ReadOnlySpan<char> word)
    {
        if (word.Length < 2 || word[0] >= 0x80 || word[1] >= 0x80)
        {
            return true;
        }

        var bit = (word[0] << 7) | word[1];
        return (_heads[bit >> 6] & (1UL << bit)) != 0;
    }

    private static double Factor(int position, int length, int zoneChars, double middleFactor) =>
        position < zoneChars || position >= length - zoneChars ? 1.0 : middleFactor;

    private static void Check(ReadOnlySpan<char> text, int start, Term[] candidates, Span<double> best, double factor)
    {
        foreach (var term in candidates)
        {
            if (best[term.Signal] < factor && Matches(text, start, term))
            {
                best[term.Signal] = factor;
            }
        }
    }

    private static bool Matches(ReadOnlySpan<char> text, int start, Term term)
    {
        var i = start;
        var pattern = term.Text;
        for (var t = 0; t < pattern.Length; t++)
        {
            var expected = pattern[t];
            if (expected == ' ')
            {
                // A space in a term stands for any run of separators between two words ("tl;dr", "role-play").
                if (i >= text.Length || IsWordChar(text[i]) || IsCjk(text[i]))
                {
                    return false;
                }

                while (i < text.Length && !IsWordChar(text[i]) && !IsCjk(text[i]))
                {
                    i++;
                }

                continue;
            }

            // Around CJK, writers put spaces or not ("只返回 JSON", "只返回JSON"): skip them.
            if (i < text.Length && char.IsWhiteSpace(text[i]) && (IsCjk(expected) || (t > 0 && IsCjk(pattern[t - 1]))))
            {
                while (i < text.Length && char.IsWhiteSpace(text[i]))
                {
                    i++;
                }
            }

            if (i >= text.Length || text[i] != expected)
            {
                return false;
            }

            i++;
        }

        // A term ending in a word must end on a word boundary, unless it is a prefix.
        return term.Prefix || IsCjk(pattern[^1]) || i >= text.Length || !IsWordChar(text[i]);
    }

    /// <summary>Lowercases a configured term and reduces its separators to single spaces; null when empty.</summary>
    internal static (string Text, bool Prefix)? Normalize(string raw)
    {
        var trimmed = raw.Trim().ToLowerInvariant();
        var prefix = trimmed.EndsWith('*');
        if (prefix)
        {
            trimmed = trimmed.TrimEnd('*');
        }

        var builder = new System.Text.StringBuilder(trimmed.Length);
        var pendingSpace = false;
        foreach (var c in trimmed)
        {
            if (IsWordChar(c) || IsCjk(c))
            {
                // Separators count only between two words; next to CJK they are optional.
                if (pendingSpace && builder.Length > 0 && !IsCjk(c) && !IsCjk(builder[^1]))
                {
                    builder.Append(' ');
                }

                pendingSpace = false;
                builder.Append(c);
            }
            else
            {
                pendingSpace = true;
            }
        }

        return builder.Length == 0 ? null : (builder.ToString(), prefix);
    }

    internal static bool IsWordChar(char c) =>
        c < 0x80
            ? c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '_' or '#' or '+'
            : char.IsLetterOrDigit(c) && !IsCjk(c);

    internal static bool IsCjk(char c) =>
        c is (>= '\u3040' and <= '\u30FF') or (>= '\u3400' and <= '\u4DBF') or (>= '\u4E00' and <= '\u9FFF')
            or (>= '\uAC00' and <= '\uD7AF') or (>= '\uF900' and <= '\uFAFF');

    private static void Add<TKey>(Dictionary<TKey, List<Term>> index, TKey key, Term term)
        where TKey : notnull
    {
        if (!index.TryGetValue(key, out var list))
        {
            index[key] = list = [];
        }

        list.Add(term);
    }

    private sealed record Term(string Text, bool Prefix, int Signal);
}
