using System.Text.Json;
using Gateway.Proxy;

namespace Gateway.Guard;

/// <summary>Reads what telemetry needs (id, model, finish reasons, usage) from a completion or one SSE chunk.</summary>
internal static class AnswerFacts
{
    /// <returns>True when <paramref name="json"/> is a usage-only chunk (no choices, a usage object).</returns>
    public static bool Read(ReadOnlySpan<byte> json, GatewayDecision decision)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json.ToArray());
        }
        catch (JsonException)
        {
            return false;
        }

        using (document)
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
    }

    private static long? Read(JsonElement usage, string name) =>
        usage.TryGetProperty(name, out var value) && value.TryGetInt64(out var tokens) ? tokens : null;
}
