using Gateway.Profiles.Tasks;

namespace Gateway.Profiles.Classification;

/// <summary>Where a signal was found.</summary>
public enum SignalSource
{
    /// <summary>The request's structure: tools, response_format.</summary>
    Structure,

    /// <summary>The last user turn (or the prompt of a completion).</summary>
    LastUser,

    /// <summary>A system or developer prompt.</summary>
    System,

    /// <summary>An earlier turn of the conversation.</summary>
    Context,

    /// <summary>A configured rule on the model name or a header.</summary>
    Rule,

    /// <summary>The client's <c>x-gateway-task</c> header.</summary>
    Header,

    /// <summary>No signal was strong enough: the configured default task.</summary>
    Default,
}

/// <summary>One piece of evidence, with the score it added to its task.</summary>
public sealed record Signal(string Name, TaskKind Task, double Score, SignalSource Source);

/// <summary>The decided task and the evidence behind it.</summary>
public sealed record Classification(TaskKind Task, IReadOnlyList<Signal> Signals)
{
    /// <summary>Signals in a compact form for logs and trace attributes: "name:task:score".</summary>
    public IEnumerable<string> Describe() =>
        Signals.Select(s => FormattableString.Invariant($"{s.Name}:{s.Task.ToName()}:{s.Score:0.##}"));
}

/// <summary>Request headers as the classifier sees them (rules may match a header).</summary>
public interface IRequestHeaders
{
    string? this[string name] { get; }
}

/// <summary>Puts a request in one of the five tasks.</summary>
public interface ITaskClassifier
{
    Classification Classify(Requests.CompletionRequest request, IRequestHeaders? headers);
}
