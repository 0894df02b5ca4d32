using System.Text.Json;
using Gateway.Profiles.Guard;
using Gateway.Proxy;

namespace Gateway.Guard;

/// <summary>Reads what telemetry needs (id, model, finish reasons, usage) from a completion or one SSE chunk.</summary>
internal static class AnswerFacts
{
    /// <returns>True when <paramref name="json"/> is a usage-only chunk (no choices, a usage object).</returns>
    public static bool Read(ReadOnlySpan<byte> json, GatewayDecision decision)
    {
        if (!AnswerJson.TryParse(json, out var document, out _))
        {
            return false;
        }

        using (document)
        {
            try
            {
                return ReadFacts(document, decision);
            }
            catch (InvalidOperationException)
            {
                return false; // text that is not valid Unicode: no facts to read
            }
        }
    }

    private static bool ReadFacts(JsonDocument document, GatewayDecision decision)
    {
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        if (decision.ResponseId is null && root.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String)
        {
            decision.ResponseId = id.GetString();
        }

        if (decision.ResponseModel is null && root.TryGetProperty("model", out var model) && model.ValueKind == JsonValueKind.String)
        {
            decision.ResponseModel = model.GetString();
        }

        var choiceCount = 0;
        if (root.TryGetProperty("choices", out var choices) && choices.ValueKind == JsonValueKind.Array)
        {
            foreach (var choice in choices.EnumerateArray())
            {
                choiceCount++;
                if (choice.TryGetProperty("finish_reason", out var finish) && finish.ValueKind == JsonValueKind.String)
                {
                    decision.FinishReasons = [.. decision.FinishReasons, finish.GetString()!];
                }
            }
        }

        if (root.TryGetProperty("usage", out var usage) && usage.ValueKind == JsonValueKind.Object)
        {
            decision.InputTokens = Read(usage, "prompt_tokens");
            decision.OutputTokens = Read(usage, "completion_tokens");
            return choiceCount == 0;
        }

        return false;
    }

    private static long? Read(JsonElement usage, string name) =>
        usage.TryGetProperty(name, out var value) && value.TryGetInt64(out var tokens) ? tokens : null;

    /// <summary>Whether a held answer is an OpenAI completion at all: a JSON object with a <c>choices</c> array.</summary>
    public static bool IsCompletion(ReadOnlySpan<byte> json)
    {
        if (!AnswerJson.TryParse(json, out var document, out _))
        {
            return false;
        }

        using (document)
        {
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("choices", out var choices)
                && choices.ValueKind == JsonValueKind.Array;
        }
    }

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
