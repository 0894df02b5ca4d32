using System.Buffers;
using System.Text.Json;
using Gateway.Profiles.Requests;
using Gateway.Profiles.Tasks;

namespace Gateway.Profiles.Classification;

/// <summary>
/// Scores each task from the request's structure and words and picks the best. The last user turn decides;
/// system prompts and earlier turns add weaker evidence, so a bare follow-up keeps its conversation's task.
/// Each message is read through a fixed window, so the cost is bounded whatever the prompt's size.
/// </summary>
public sealed class TaskClassifier : ITaskClassifier
{
    private const int MaxSystemMessages = 2;

    private readonly ClassifierOptions _options;
    private readonly KeywordSignal[] _signals;
    private readonly KeywordMatcher _matcher;
    private readonly Dictionary<string, double> _structureWeights;
    private readonly ClassifierRuleOptions[] _rules;
    private readonly TaskKind[] _rulesTask;
    private readonly TaskKind _defaultTask;
    private readonly int[] _tieRank;

    private TaskClassifier(ClassifierOptions options)
    {
        _options = options;
        var signals = new List<KeywordSignal>();
        var terms = new List<(string, int)>();
        foreach (var (name, signal) in Merge(options.Signals))
        {
            if (!signal.Enabled || !TaskKinds.TryParse(signal.Task, out var task))
            {
                continue;
            }

            foreach (var term in (signal.Terms ?? []).Concat(signal.ExtraTerms))
            {
                terms.Add((term, signals.Count));
            }

            signals.Add(new KeywordSignal(name, task, signal.Weight ?? 1, signal.Topic ?? false));
        }

        _signals = [.. signals];
        _matcher = new KeywordMatcher(terms);
        _structureWeights = new Dictionary<string, double>(ClassifierDefaults.StructureWeights, StringComparer.OrdinalIgnoreCase);
        foreach (var (name, weight) in options.StructureWeights)
        {
            _structureWeights[name] = weight;
        }

        _rules = [.. options.Rules];
        _rulesTask = _rules.Select(r => TaskKinds.TryParse(r.Task, out var t) ? t : TaskKind.Chat).ToArray();
        _defaultTask = TaskKinds.TryParse(options.DefaultTask, out var fallback) ? fallback : TaskKind.Chat;
        var order = (options.TieOrder.Count > 0 ? options.TieOrder : ClassifierDefaults.TieOrder)
            .Select(n => TaskKinds.TryParse(n, out var o) ? o : (TaskKind?)null).ToList();
        _tieRank = TaskKinds.All.Select(t => order.IndexOf(t)).Select(rank => rank < 0 ? int.MaxValue : rank).ToArray();
    }

    public ClassifierOptions Options => _options;

    /// <summary>The signals in force (built-in merged with config), for the admin endpoints.</summary>
    public IEnumerable<(string Name, TaskKind Task, double Weight)> KeywordSignals =>
        _signals.Select(s => (s.Name, s.Task, s.Weight));

    public static TaskClassifier Create(ClassifierOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new TaskClassifier(options);
    }

    /// <summary>Built-in signals with the configured entries laid over them, by name.</summary>
    internal static IEnumerable<(string Name, KeywordSignalOptions Signal)> Merge(IReadOnlyDictionary<string, KeywordSignalOptions> configured)
    {
        foreach (var (name, builtIn) in ClassifierDefaults.Signals)
        {
            yield return configured.TryGetValue(name, out var change)
                ? (name, builtIn with
                {
                    Task = change.Task ?? builtIn.Task,
                    Weight = change.Weight ?? builtIn.Weight,
                    Terms = change.Terms ?? builtIn.Terms,
                    ExtraTerms = [.. builtIn.ExtraTerms, .. change.ExtraTerms],
                    Topic = change.Topic ?? builtIn.Topic,
                    Enabled = change.Enabled,
                })
                : (name, builtIn);
        }

        foreach (var (name, added) in configured)
        {
            if (!ClassifierDefaults.Signals.ContainsKey(name))
            {
                yield return (name, added);
            }
        }
    }

    public Classification Classify(CompletionRequest request, IRequestHeaders? headers)
    {
        ArgumentNullException.ThrowIfNull(request);
        for (var i = 0; i < _rules.Length; i++)
        {
            if (RuleMatches(_rules[i], request.Model, headers))
            {
                return new Classification(_rulesTask[i], [new Signal(_rules[i].Name, _rulesTask[i], 1, SignalSource.Rule)]);
            }
        }

        Span<double> scores = stackalloc double[TaskKinds.All.Count];
        var evidence = new List<Signal>(6);
        if (request.HasTools && request.ToolsEnabled)
        {
            AddStructure(StructureSignals.Tools, TaskKind.FunctionCall, 1, SignalSource.Structure, scores, evidence);
        }

        if (request.ResponseFormat is ResponseFormatKind.JsonObject or ResponseFormatKind.JsonSchema)
        {
            AddStructure(StructureSignals.ResponseFormat, TaskKind.FunctionCall, 1, SignalSource.Structure, scores, evidence);
        }

        var buffer = ArrayPool<char>.Shared.Rent(_options.ScanWindowChars);
        var best = ArrayPool<double>.Shared.Rent(Math.Max(1, _signals.Length));
        try
        {
            if (request.Endpoint == CompletionEndpoint.Completions)
            {
                var prompt = request.Prompt.ValueKind == JsonValueKind.Array && request.Prompt.GetArrayLength() > 0
                    ? request.Prompt[0]
                    : request.Prompt;
                ScoreSegment(prompt, SignalSource.LastUser, 1, buffer, best, scores, evidence);
            }
            else
            {
                ScoreConversation(request.Messages, buffer, best, scores, evidence);
            }
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
            ArrayPool<double>.Shared.Return(best);
        }

        return new Classification(Decide(scores, evidence), evidence);
    }

    private TaskKind Decide(ReadOnlySpan<double> scores, List<Signal> evidence)
    {
        var winner = -1;
        for (var t = 0; t < scores.Length; t++)
        {
            if (winner < 0 || scores[t] > scores[winner] || (scores[t] == scores[winner] && _tieRank[t] < _tieRank[winner]))
            {
                winner = t;
            }
        }

        if (scores[winner] >= _options.MinScore)
        {
            return (TaskKind)winner;
        }

        evidence.Add(new Signal("default", _defaultTask, 0, SignalSource.Default));
        return _defaultTask;
    }

    private void ScoreConversation(JsonElement messages, char[] buffer, double[] best, Span<double> scores, List<Signal> evidence)
    {
        var count = messages.GetArrayLength();
        var lastUser = count - 1;
        for (var i = count - 1; i >= 0; i--)
        {
            if (RoleIs(messages[i], "user"))
            {
                lastUser = i;
                break;
            }
        }

        // Earlier turns carry a bare follow-up; when the last turn asks for something itself, they are only topic.
        var asked = ScoreSegment(Content(messages[lastUser]), SignalSource.LastUser, 1, buffer, best, scores, evidence);
        var contextScale = asked ? _options.TopicFactor : 1;
        var context = 0;
        for (var i = lastUser - 1; i >= 0 && context < _options.ContextTurns; i--)
        {
            if (!IsSystem(messages[i]))
            {
                ScoreSegment(Content(messages[i]), SignalSource.Context, contextScale, buffer, best, scores, evidence);
                context++;
            }
        }

        var systems = 0;
        for (var i = 0; i < count && systems < MaxSystemMessages; i++)
        {
            if (i != lastUser && IsSystem(messages[i]))
            {
                ScoreSegment(Content(messages[i]), SignalSource.System, 1, buffer, best, scores, evidence);
                systems++;
            }
        }
    }

    /// <summary>Scores one message; returns whether it explicitly asks for a task (a signal that is not a topic).</summary>
    private bool ScoreSegment(JsonElement content, SignalSource source, double scale, char[] buffer, double[] best, Span<double> scores, List<Signal> evidence)
    {
        var length = ReadText(content, buffer.AsSpan(0, _options.ScanWindowChars));
        if (length == 0)
        {
            return false;
        }

        var text = buffer.AsSpan(0, length);
        var weight = source switch
        {
            SignalSource.LastUser => _options.LastUserWeight,
            SignalSource.System => _options.SystemWeight,
            _ => _options.ContextWeight,
        } * scale;
        var found = best.AsSpan(0, _signals.Length);
        found.Clear();
        _matcher.Match(text, found, _options.InstructionZoneChars, _options.MiddleFactor);

        // Tasks explicitly asked for here: topic evidence of any other task yields to them.
        Span<bool> asked = stackalloc bool[TaskKinds.All.Count];
        var asks = false;
        for (var s = 0; s < found.Length; s++)
        {
            if (found[s] > 0 && !_signals[s].Topic)
            {
                asked[(int)_signals[s].Task] = true;
                asks = true;
            }
        }

        for (var s = 0; s < found.Length; s++)
        {
            if (found[s] > 0)
            {
                var signal = _signals[s];
                var score = signal.Weight * weight * found[s] * (signal.Topic ? TopicFactor(asked, signal.Task) : 1);
                scores[(int)signal.Task] += score;
                evidence.Add(new Signal(signal.Name, signal.Task, score, source));
            }
        }

        // Code pasted for another ask (a log to summarise, comments to translate) is material, not the task.
        var shapeWeight = weight * TopicFactor(asked, TaskKind.Code);
        var shape = CodeShape.Read(text);
        if (shape.HasCodeFence)
        {
            AddStructure(StructureSignals.CodeFence, TaskKind.Code, shapeWeight, source, scores, evidence);
        }
        else if (shape.CodeLines >= 2)
        {
            // A fenced block of code is one piece of evidence, not two.
            AddStructure(StructureSignals.CodeLines, TaskKind.Code, shapeWeight, source, scores, evidence);
        }

        if (shape.HasStackTrace)
        {
            AddStructure(StructureSignals.StackTrace, TaskKind.Code, shapeWeight, source, scores, evidence);
        }

        return asks;
    }

    private double TopicFactor(ReadOnlySpan<bool> asked, TaskKind task)
    {
        for (var t = 0; t < asked.Length; t++)
        {
            if (asked[t] && t != (int)task)
            {
                return _options.TopicFactor;
            }
        }

        return 1;
    }

    private void AddStructure(string name, TaskKind task, double weight, SignalSource source, Span<double> scores, List<Signal> evidence)
    {
        var score = _structureWeights.GetValueOrDefault(name) * weight;
        if (score > 0)
        {
            scores[(int)task] += score;
            evidence.Add(new Signal(name, task, score, source));
        }
    }

    // A message's text: a string, or the text parts of a content array, each through its share of the window.
    private static int ReadText(JsonElement content, Span<char> destination)
    {
        if (content.ValueKind == JsonValueKind.String)
        {
            return JsonTextWindow.Read(content, destination);
        }

        if (content.ValueKind != JsonValueKind.Array)
        {
            return 0;
        }

        var written = 0;
        foreach (var part in content.EnumerateArray())
        {
            if (destination.Length - written < 64)
            {
                break;
            }

            if (part.ValueKind == JsonValueKind.Object && part.TryGetProperty("text", out var text))
            {
                written += JsonTextWindow.Read(text, destination[written..^1]);
                destination[written++] = '\n';
            }
            else if (part.ValueKind == JsonValueKind.String)
            {
                written += JsonTextWindow.Read(part, destination[written..^1]);
                destination[written++] = '\n';
            }
        }

        return written;
    }

    private static JsonElement Content(JsonElement message) =>
        message.TryGetProperty("content", out var content) ? content : default;

    private static bool IsSystem(JsonElement message) => RoleIs(message, "system") || RoleIs(message, "developer");

    private static bool RoleIs(JsonElement message, string role) =>
        message.TryGetProperty("role", out var value) && value.ValueKind == JsonValueKind.String && value.ValueEquals(role);

    private static bool RuleMatches(ClassifierRuleOptions rule, string? model, IRequestHeaders? headers)
    {
        if (rule.Model is not null && (model is null || !Glob.Matches(rule.Model, model)))
        {
            return false;
        }

        if (rule.Header is not null)
        {
            var value = headers?[rule.Header];
            if (value is null || (rule.HeaderValue is not null && !Glob.Matches(rule.HeaderValue, value)))
            {
                return false;
            }
        }

        return rule.Model is not null || rule.Header is not null;
    }

    private sealed record KeywordSignal(string Name, TaskKind Task, double Weight, bool Topic);
}

/// <summary>Case-insensitive match with <c>*</c> allowed at either end only: no backtracking, ever.</summary>
internal static class Glob
{
    public static bool Matches(string pattern, string value)
    {
        var starts = pattern.EndsWith('*');
        var ends = pattern.StartsWith('*');
        var core = pattern.AsSpan().Trim('*');
        return (starts, ends) switch
        {
            (true, true) => value.AsSpan().Contains(core, StringComparison.OrdinalIgnoreCase),
            (true, false) => value.AsSpan().StartsWith(core, StringComparison.OrdinalIgnoreCase),
            (false, true) => value.AsSpan().EndsWith(core, StringComparison.OrdinalIgnoreCase),
            _ => value.AsSpan().Equals(core, StringComparison.OrdinalIgnoreCase),
        };
    }
}
