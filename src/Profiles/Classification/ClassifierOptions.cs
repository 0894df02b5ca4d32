namespace Gateway.Profiles.Classification;

/// <summary>
/// The classifier's rules as configured under <c>Gateway:Classifier</c>. Everything has a built-in default
/// (<see cref="ClassifierDefaults"/>); config changes a weight, adds terms or replaces a signal's terms,
/// adds signals and rules.
/// </summary>
public sealed record ClassifierOptions
{
    /// <summary>The task when no signal reaches <see cref="MinScore"/>.</summary>
    public string DefaultTask { get; init; } = "chat";

    /// <summary>The score the best task needs to be chosen over <see cref="DefaultTask"/>.</summary>
    public double MinScore { get; init; } = 1.0;

    /// <summary>Chars of each message that are scanned: its head and tail, half each.</summary>
    public int ScanWindowChars { get; init; } = 4096;

    /// <summary>How many turns before the last user turn give context.</summary>
    public int ContextTurns { get; init; } = 4;

    /// <summary>Weight of the last user turn, which decides.</summary>
    public double LastUserWeight { get; init; } = 1.0;

    /// <summary>Weight of system and developer prompts.</summary>
    public double SystemWeight { get; init; } = 0.6;

    /// <summary>Weight of earlier turns, so a bare follow-up keeps the conversation's task.</summary>
    public double ContextWeight { get; init; } = 0.35;

    /// <summary>Chars at each end of a message where instructions usually stand; terms there count fully.</summary>
    public int InstructionZoneChars { get; init; } = 300;

    /// <summary>Factor for terms in the middle of a long message (pasted material rather than the ask).</summary>
    public double MiddleFactor { get; init; } = 0.4;

    /// <summary>Factor for topic signals (a language name, a pasted stack trace) in a message that also holds an
    /// explicit ask of another task: "summarise this error log" is about code but asks for a summary.</summary>
    public double TopicFactor { get; init; } = 0.5;

    /// <summary>Order that breaks ties between tasks with equal scores.</summary>
    public List<string> TieOrder { get; init; } = [];

    /// <summary>Weights of the structural signals (tools, response_format, code shape).</summary>
    public Dictionary<string, double> StructureWeights { get; init; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Keyword signals by name; an entry with a built-in name changes that signal.</summary>
    public Dictionary<string, KeywordSignalOptions> Signals { get; init; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Rules tried first, in order; the first that matches decides the task.</summary>
    public List<ClassifierRuleOptions> Rules { get; init; } = [];

    /// <summary>An alternative rule set run beside this one on every classified request, to measure a change
    /// before it takes effect: it decides nothing, the host logs and counts where the two disagree. Like the
    /// active set it is laid over the built-in defaults (not over the active set). It cannot hold a shadow itself.</summary>
    public ClassifierOptions? Shadow { get; init; }
}

/// <summary>A named list of terms that point to a task. Terms are matched case-insensitively on word
/// boundaries; a trailing <c>*</c> matches any ending; CJK terms match anywhere.</summary>
public sealed record KeywordSignalOptions
{
    public string? Task { get; init; }

    public double? Weight { get; init; }

    /// <summary>Replaces the built-in terms.</summary>
    public List<string>? Terms { get; init; }

    /// <summary>Added to the terms (built-in or replaced).</summary>
    public List<string> ExtraTerms { get; init; } = [];

    /// <summary>True when the terms say what a text is about (a language, a data format) rather than what it asks
    /// for; such a signal yields to an explicit ask of another task (see <see cref="ClassifierOptions.TopicFactor"/>).</summary>
    public bool? Topic { get; init; }

    public bool Enabled { get; init; } = true;
}

/// <summary>A rule that decides the task outright from the model name or a request header.</summary>
public sealed record ClassifierRuleOptions
{
    public string Name { get; init; } = "";

    public string Task { get; init; } = "";

    /// <summary>Model name to match; <c>*</c> at either end matches any text.</summary>
    public string? Model { get; init; }

    /// <summary>Request header to look at.</summary>
    public string? Header { get; init; }

    /// <summary>Value the header must have (<c>*</c> at either end as for models); any value when omitted.</summary>
    public string? HeaderValue { get; init; }
}
