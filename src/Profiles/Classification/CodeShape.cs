namespace Gateway.Profiles.Classification;

/// <summary>What in a text looks like code, read line by line from the bounded window.</summary>
internal readonly record struct CodeShape(bool HasFence, int CodeLines, bool HasStackTrace)
{
    private static readonly string[] LineStarts =
    [
        "def ", "class ", "import ", "#include", "using ", "public ", "private ", "protected ", "return ",
        "fn ", "func ", "let ", "const ", "var ", "select ", "insert into", "delete from", "create table",
        "#!/", "function ", "if (", "for (", "while (", "print(", "console.", "echo ", "$ ", "sudo ", "apt ",
        "npm ", "pip ", "git ", "docker ", "kubectl ", "from(", "package ", "//", "/*", "<?", "<div", "<html",
        "fmt.", "std::", "elif ", "else:", "try:", "except", "catch", "entrypoint [", "apiversion:", "kind:", "spec:",
    ];

    private static readonly string[] LineContains = ["();", "){", ") {", "=>", "::", "->", "!=", "==", "+=", "[]", "</"];

    public static CodeShape Read(ReadOnlySpan<char> text)
    {
        var hasFence = text.Contains("```", StringComparison.Ordinal);
        var codeLines = 0;
        var stackTrace = false;
        foreach (var range in text.Split('\n'))
        {
            var line = text[range].Trim();
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
            }
        }

        return new CodeShape(hasFence, codeLines, stackTrace);
    }

    private static bool IsCodeLine(ReadOnlySpan<char> line)
    {
        var last = line[^1];
        if (last is ';' or '{' or '}' || (last == ':' && line.StartsWith("def ", StringComparison.Ordinal)))
        {
            return true;
        }

        foreach (var start in LineStarts)
        {
            if (line.StartsWith(start, StringComparison.Ordinal))
            {
                return true;
            }
        }

        foreach (var fragment in LineContains)
        {
            if (line.Contains(fragment, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
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
