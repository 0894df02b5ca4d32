using System.Buffers;
using System.Collections.Frozen;

namespace Gateway.Profiles.Classification;

/// <summary>What in a text looks like code, read line by line from the bounded window.</summary>
internal readonly record struct CodeShape(bool HasCodeFence, int CodeLines, bool HasStackTrace)
{
    private static readonly string[] LineStarts =
    [
        "def ", "class ", "import ", "#include", "using ", "public ", "private ", "protected ", "return ",
        "fn ", "func ", "let ", "const ", "var ", "select ", "insert into", "delete from", "create table",
        "#!/", "function ", "if (", "for (", "while (", "print(", "console.", "echo ", "$ ", "sudo ", "apt ",
        "npm ", "pip ", "git ", "docker ", "kubectl ", "from(", "package ", "//", "/*", "<?", "<div", "<html",
        "fmt.", "std::", "elif ", "else:", "try:", "except", "catch", "entrypoint [", "apiversion:", "kind:", "spec:",
        "yield ", "find ", "grep ", "curl ", "cd ", "chmod ", "export ", "- run:", "- uses:", "runs-on:",
    ];

    // Python-like block openers count when the line ends with a colon ("for i in xs:", "with open(p) as f:").
    private static readonly string[] BlockStarts = ["def ", "class ", "for ", "if ", "elif ", "while ", "with ", "try", "else"];

    private static readonly SearchValues<string> LineContains = SearchValues.Create(
        ["();", "){", ") {", "=>", "::", "->", "!=", "==", "+=", "[]", "</", " | xargs", "&&"], StringComparison.Ordinal);

    // Line starts grouped by their first char: one lookup per line instead of a comparison per start.
    private static readonly FrozenDictionary<char, string[]> LineStartsByFirstChar =
        LineStarts.GroupBy(s => s[0]).ToFrozenDictionary(g => g.Key, g => g.ToArray());

    /// <summary>Reads the shape of <paramref name="text"/>. A fence counts as code when it is tagged with a language
    /// or holds code lines: a fenced chat message or e-mail is not code.</summary>
    public static CodeShape Read(ReadOnlySpan<char> text)
    {
        var codeFence = false;
        var inFence = false;
        var codeLines = 0;
        var stackTrace = false;
        foreach (var range in text.Split('\n'))
        {
            var line = text[range].Trim();
            if (line.StartsWith("```", StringComparison.Ordinal))
            {
                codeFence |= !inFence && line.Length > 3;
                inFence = !inFence;
                continue;
            }

            if (line.Length < 2)
            {
                continue;
            }

            if (IsStackTraceLine(line))
            {
                stackTrace = true;
                codeLines++;
            }
            else if (IsCodeLine(line))
            {
                codeLines++;
                codeFence |= inFence;
            }
        }

        return new CodeShape(codeFence, codeLines, stackTrace);
    }

    private static bool IsCodeLine(ReadOnlySpan<char> line)
    {
        var last = line[^1];
        if (last is ';' or '{' or '}')
        {
            return true;
        }

        if (last == ':')
        {
            foreach (var start in BlockStarts)
            {
                if (line.StartsWith(start, StringComparison.Ordinal))
                {
                    return true;
                }
            }
        }

        if (LineStartsByFirstChar.TryGetValue(line[0], out var starts))
        {
            foreach (var start in starts)
            {
                if (line.StartsWith(start, StringComparison.Ordinal))
                {
                    return true;
                }
            }
        }

        return line.ContainsAny(LineContains);
    }

    private static bool IsStackTraceLine(ReadOnlySpan<char> line)
    {
        if (line.StartsWith("traceback (most recent call last)", StringComparison.Ordinal)
            || line.StartsWith("panic:", StringComparison.Ordinal)
            || line.Contains("segmentation fault", StringComparison.Ordinal))
        {
            return true;
        }

        if (line.StartsWith("at ", StringComparison.Ordinal) && line.Contains('(') && line.EndsWith(')'))
        {
            return true;
        }

        // "TypeError: ...", "java.lang.NullPointerException: ...", "File "x.py", line 3"
        var colon = line.IndexOf(':');
        var head = colon > 0 ? line[..colon] : line;
        return (head.EndsWith("error", StringComparison.Ordinal) || head.EndsWith("exception", StringComparison.Ordinal))
               && !head.Contains(' ')
            || (line.StartsWith("file \"", StringComparison.Ordinal) && line.Contains(", line ", StringComparison.Ordinal));
    }
}
