using System.Text.Json;
using Gateway.Profiles.Guard;
using Gateway.Proxy;

namespace Gateway.Guard;

/// <summary>Reads what telemetry needs (id, model, finish reasons, usage) from a completion or one SSE chunk.</summary>
internal static class AnswerFacts
{
    /// <summary>Records the facts of one SSE chunk on the decision.</summary>
    /// <returns>True when <paramref name="json"/> is a usage-only chunk (no choices, a usage object).</returns>
    public static bool Read(ReadOnlySpan<byte> json, GatewayDecision decision)
    {
        // Every chunk repeats the id and model: read them (a string each) until the decision has them.
        if (Parse(json, identity: decision.ResponseId is null || decision.ResponseModel is null) is not { } facts)
        {
            return false;
        }

        facts.ApplyTo(decision);
        return facts.Choices == 0 && facts.HasUsage;
    }

    /// <summary>The facts of a held answer, read in the same parse that checks it is an OpenAI completion at all
    /// (a JSON object with a <c>choices</c> array); null when it is not.</summary>
    public static CompletionFacts? ReadCompletion(ReadOnlySpan<byte> json) =>
        Parse(json, identity: true) is { HasChoices: true } facts ? facts : null;

    private static CompletionFacts? Parse(ReadOnlySpan<byte> json, bool identity)
    {
        if (!AnswerJson.TryParse(json, out var document, out _))
        {
            return null;
        }

        using (document)
        {
            try
            {
                return document.RootElement.ValueKind == JsonValueKind.Object ? Facts(document.RootElement, identity) : null;
            }
            catch (InvalidOperationException)
            {
                return null; // text that is not valid Unicode: no facts to read
            }
        }
    }

    private static CompletionFacts Facts(JsonElement root, bool identity)
    {
        var id = identity && root.TryGetProperty("id", out var idValue) && idValue.ValueKind == JsonValueKind.String ? idValue.GetString() : null;
        var model = identity && root.TryGetProperty("model", out var modelValue) && modelValue.ValueKind == JsonValueKind.String ? modelValue.GetString() : null;
        var hasChoices = root.TryGetProperty("choices", out var choices) && choices.ValueKind == JsonValueKind.Array;
        var choiceCount = 0;
        string[] finishReasons = [];
        if (hasChoices)
        {
            foreach (var choice in choices.EnumerateArray())
            {
                choiceCount++;
                if (choice.TryGetProperty("finish_reason", out var finish) && finish.ValueKind == JsonValueKind.String)
                {
                    finishReasons = [.. finishReasons, finish.GetString()!];
                }
            }
        }

        var hasUsage = root.TryGetProperty("usage", out var usage) && usage.ValueKind == JsonValueKind.Object;
        return new CompletionFacts(id, model, hasChoices, choiceCount, finishReasons, hasUsage,
            hasUsage ? Tokens(usage, "prompt_tokens") : null, hasUsage ? Tokens(usage, "completion_tokens") : null);
    }

    private static long? Tokens(JsonElement usage, string name) =>
        usage.TryGetProperty(name, out var value) && value.TryGetInt64(out var tokens) ? tokens : null;

    /// <summary>The choices of a completion as JSON text, truncated (content capture only).</summary>
    public static string? Choices(ReadOnlySpan<byte> json, int maxChars)
    {
        if (!AnswerJson.TryParse(json, out var document, out _))
        {
            return null;
        }

        using (document)
        {
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("choices", out var choices)
                ? Telemetry.RequestSpan.Truncate(choices, maxChars)
                : null;
        }
    }

    /// <summary>Appends the text deltas of one SSE chunk (content capture only).</summary>
    public static void AppendDeltaText(ReadOnlySpan<byte> json, System.Text.StringBuilder text, int maxChars)
    {
        if (!AnswerJson.TryParse(json, out var document, out _))
        {
            return; // not a JSON chunk: nothing to capture
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("choices", out var choices) || choices.ValueKind != JsonValueKind.Array)
            {
                return;
            }

            foreach (var choice in choices.EnumerateArray())
            {
                var piece = choice.TryGetProperty("delta", out var delta) && delta.TryGetProperty("content", out var content) ? content
                    : choice.TryGetProperty("text", out var t) ? t : default;
                if (piece.ValueKind == JsonValueKind.String)
                {
                    var value = piece.GetString()!;
                    text.Append(value.AsSpan(0, Math.Min(value.Length, maxChars - text.Length)));
                }
            }
        }
    }
}

/// <summary>What telemetry reads from one completion or SSE chunk.</summary>
internal readonly record struct CompletionFacts(
    string? Id, string? Model, bool HasChoices, int Choices, string[] FinishReasons, bool HasUsage, long? InputTokens, long? OutputTokens)
{
    /// <summary>The first id and model seen stay; finish reasons add up; usage, when present, is the latest.</summary>
    public void ApplyTo(GatewayDecision decision)
    {
        decision.ResponseId ??= Id;
        decision.ResponseModel ??= Model;
        if (FinishReasons.Length > 0)
        {
            decision.FinishReasons = [.. decision.FinishReasons, .. FinishReasons];
        }

        if (HasUsage)
        {
            decision.InputTokens = InputTokens;
            decision.OutputTokens = OutputTokens;
        }
    }
}
