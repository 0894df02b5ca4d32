using System.Text;

namespace Gateway.Simulator.Generation;

/// <summary>
/// Approximates a BPE tokenizer: a word or number (with its leading space), a run of punctuation,
/// or a single CJK character is one token. Honest enough for usage numbers and streaming granularity.
/// </summary>
public static class Tokenizer
{
    public static int Count(string? text) => string.IsNullOrEmpty(text) ? 0 : Split(text).Count;

    public static List<string> Split(string text)
    {
        var tokens = new List<string>();
        var current = new StringBuilder();
        var kind = Kind.None;

        foreach (var c in text)
        {
            var next = Classify(c);
            if (next == Kind.Space)
            {
                // Whitespace is carried as the prefix of the next token.
                if (kind is not Kind.None and not Kind.Space)
                {
                    Flush();
                }

                current.Append(c);
                kind = Kind.Space;
                continue;
            }

            if (next == Kind.Cjk || (kind != next && kind != Kind.Space))
            {
                if (kind != Kind.Space)
                {
                    Flush();
                }
            }

            current.Append(c);
            kind = next;
            if (next == Kind.Cjk)
            {
                Flush();
            }
        }

        Flush();
        return tokens;

        void Flush()
        {
            if (current.Length > 0)
            {
                tokens.Add(current.ToString());
                current.Clear();
            }

            kind = Kind.None;
        }
    }

    public static bool ContainsCjk(string text)
    {
        foreach (var c in text)
        {
            if (IsCjk(c))
            {
                return true;
            }
        }

        return false;
    }

    private enum Kind
    {
        None,
        Space,
        Word,
        Cjk,
        Symbol,
    }

    private static Kind Classify(char c) =>
        char.IsWhiteSpace(c) ? Kind.Space
        : IsCjk(c) ? Kind.Cjk
        : char.IsLetterOrDigit(c) || c == '_' ? Kind.Word
        : Kind.Symbol;

    private static bool IsCjk(char c) =>
        c is (>= '\u3000' and <= '\u30FF') or (>= '\u3400' and <= '\u4DBF') or (>= '\u4E00' and <= '\u9FFF')
            or (>= '\uAC00' and <= '\uD7AF') or (>= '\uFF00' and <= '\uFFEF');
}
