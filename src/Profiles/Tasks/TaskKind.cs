namespace Gateway.Profiles.Tasks;

/// <summary>The kinds of task a request is classified into; each has its own decoding profile.</summary>
public enum TaskKind
{
    FunctionCall,
    Code,
    Chat,
    Creative,
    Summary,
}

/// <summary>Wire names of <see cref="TaskKind"/> as they appear in config keys, headers and JSON.</summary>
public static class TaskKinds
{
    public static IReadOnlyList<TaskKind> All { get; } = Enum.GetValues<TaskKind>();

    public static IReadOnlyList<string> Names { get; } = All.Select(ToName).ToArray();

    public static string ToName(this TaskKind task) => task switch
    {
        TaskKind.FunctionCall => "function_call",
        TaskKind.Code => "code",
        TaskKind.Chat => "chat",
        TaskKind.Creative => "creative",
        TaskKind.Summary => "summary",
        _ => throw new ArgumentOutOfRangeException(nameof(task), task, null),
    };

    public static bool TryParse(ReadOnlySpan<char> name, out TaskKind task)
    {
        var trimmed = name.Trim();
        foreach (var candidate in All)
        {
            if (trimmed.Equals(ToName(candidate), StringComparison.OrdinalIgnoreCase))
            {
                task = candidate;
                return true;
            }
        }

        task = default;
        return false;
    }
}
