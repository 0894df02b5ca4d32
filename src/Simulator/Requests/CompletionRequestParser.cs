using System.Text.Json;
using System.Text.Json.Nodes;
using Gateway.Simulator.Generation;
using Gateway.Simulator.Infrastructure;

namespace Gateway.Simulator.Requests;

/// <summary>Validates a completions request like vLLM's CompletionRequest (prompt: string, list, or token ids).</summary>
public static class CompletionRequestParser
{
    /// <summary>vLLM's CompletionRequest.max_tokens default, unlike chat which fills the context.</summary>
    public const int DefaultMaxTokens = 16;

    public static CompletionRequest Parse(BodyReader body, SimulatorOptions options)
    {
        var prompts = ParsePrompts(body.Node("prompt") ?? throw BodyReader.Missing("prompt"));
        var echo = body.GetBool("echo") ?? false;
        var sampling = SamplingParser.Parse(body, options, DefaultMaxTokens);

        var generations = new List<GenerationRequest>();
        var total = 0;
        foreach (var (text, tokens) in prompts)
        {
            ContextWindow.Check(tokens, sampling.Template.MaxTokens, options.MaxModelLen);
            total += tokens;
            generations.Add(sampling.Template with { PromptText = text, InstructionText = text });
        }

        return new CompletionRequest(
            sampling.Stream, sampling.IncludeUsage, echo, prompts.Select(p => p.Text).ToList(), total, generations);
    }

    private static List<(string Text, int Tokens)> ParsePrompts(JsonNode prompt)
    {
        switch (prompt)
        {
            case JsonValue v when v.GetValueKind() == JsonValueKind.String:
                var s = v.GetValue<string>();
                return [(s, Math.Max(1, Tokenizer.Count(s)))];
            case JsonArray { Count: > 0 } a when a.All(IsString):
                return a.Select(x => x!.GetValue<string>()).Select(s => (s, Math.Max(1, Tokenizer.Count(s)))).ToList();
            case JsonArray { Count: > 0 } a when a.All(IsNumber):
                return [FromIds(a)];
            case JsonArray { Count: > 0 } a when a.All(x => x is JsonArray { Count: > 0 } inner && inner.All(IsNumber)):
                return a.Select(x => FromIds((JsonArray)x!)).ToList();
            default:
                throw ApiException.Validation("prompt", "string_type", "Input should be a valid string");
        }
    }

    // Token-id prompts have no text; the ids themselves make the prompt deterministic.
    private static (string Text, int Tokens) FromIds(JsonArray ids) => (ids.ToJsonString(), ids.Count);

    private static bool IsString(JsonNode? n) => n?.GetValueKind() == JsonValueKind.String;

    private static bool IsNumber(JsonNode? n) => n?.GetValueKind() == JsonValueKind.Number;
}
