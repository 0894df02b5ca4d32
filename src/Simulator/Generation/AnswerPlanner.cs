using System.Text.Json.Nodes;

namespace Gateway.Simulator.Generation;

/// <summary>
/// Decides each choice's answer: tool call, JSON, choice or prose; then applies the temperature-driven
/// JSON breakage, stop strings and max_tokens. All randomness flows from one per-request seed.
/// </summary>
public sealed class AnswerPlanner(ProcessRandom processRandom)
{
    public IReadOnlyList<Answer> Plan(GenerationRequest request)
    {
        // Greedy decoding (T=0) ignores the seed in vLLM too; otherwise seed or the process RNG decides.
        ulong seedPart = request.Temperature == 0 ? 0
            : request.Seed is { } seed ? unchecked((ulong)seed) : processRandom.NextSeed();
        var promptHash = SimRandom.Hash(request.PromptText);
        var temperatureBits = unchecked((ulong)BitConverter.DoubleToInt64Bits(request.Temperature));

        var answers = new List<Answer>(request.N);
        for (var i = 0; i < request.N; i++)
        {
            var random = new SimRandom(SimRandom.Combine(seedPart, temperatureBits, promptHash, (ulong)i));
            answers.Add(PlanOne(request, random));
        }

        return answers;
    }

    private static Answer PlanOne(GenerationRequest request, SimRandom random)
    {
        // Drawn first and always, so the break decision depends only on (seed, temperature, prompt).
        var breakDraw = random.NextDouble();
        var probability = request.Constrained ? 0 : Degradation.BrokenJsonProbability(request.Temperature);
        var broken = breakDraw < probability;

        if (request.Tools.Count > 0 && request.ToolChoice != ToolChoiceMode.None)
        {
            return PlanToolCall(request, random, broken);
        }

        string content;
        if (request.Choices is { Count: > 0 } choices)
        {
            content = random.Pick(choices);
        }
        else if (WantsJson(request))
        {
            var json = PythonJson.Dumps(request.Schema is null
                ? SchemaInstanceGenerator.SmallObject(random)
                : new SchemaInstanceGenerator(request.Schema, random).Generate());
            content = broken ? JsonBreaker.Break(json, random) : json;
        }
        else
        {
            content = TextComposer.Compose(random, Tokenizer.ContainsCjk(request.InstructionText ?? ""));
        }

        return Finish(content, request, toolCall: null);
    }

    private static Answer PlanToolCall(GenerationRequest request, SimRandom random, bool broken)
    {
        var tool = request.ToolChoice == ToolChoiceMode.Named
            ? request.Tools.First(t => t.Name == request.NamedTool)
            : request.Tools[0];
        var arguments = PythonJson.Dumps(new SchemaInstanceGenerator(tool.Parameters, random).Generate() ?? new JsonObject());
        if (broken)
        {
            arguments = JsonBreaker.Break(arguments, random);
        }

        var id = "chatcmpl-tool-" + Guid.NewGuid().ToString("N");
        var tokens = Tokenizer.Split(arguments);
        var limit = request.MaxTokens ?? int.MaxValue;
        if (tokens.Count > limit)
        {
            tokens = tokens[..limit];
            return new Answer(null, new PlannedToolCall(id, tool.Name, string.Concat(tokens)), tokens, limit, "length", null);
        }

        // Hermes-style wrapping (<tool_call>{"name": ..., "arguments": ...}</tool_call>) costs a few tokens more.
        var completionTokens = Math.Min(limit, tokens.Count + Tokenizer.Count(tool.Name) + 12);
        return new Answer(null, new PlannedToolCall(id, tool.Name, arguments), tokens, completionTokens, "tool_calls", null);
    }

    private static Answer Finish(string content, GenerationRequest request, PlannedToolCall? toolCall)
    {
        string? stopReason = null;
        var finish = "stop";
        var stopAt = request.Stop
            .Where(s => s.Length > 0)
            .Select(s => (Stop: s, Index: content.IndexOf(s, StringComparison.Ordinal)))
            .Where(x => x.Index >= 0)
            .OrderBy(x => x.Index)
            .FirstOrDefault();
        if (stopAt.Stop is not null)
        {
            content = content[..stopAt.Index];
            stopReason = stopAt.Stop;
        }

        var tokens = Tokenizer.Split(content);
        if (request.MaxTokens is { } max && tokens.Count > max)
        {
            tokens = tokens[..max];
            content = string.Concat(tokens);
            finish = "length";
            stopReason = null;
        }

        return new Answer(content, toolCall, tokens, tokens.Count, finish, stopReason);
    }

    /// <summary>JSON is required by response_format, a schema/json_object constraint, or a "JSON only" instruction.</summary>
    private static bool WantsJson(GenerationRequest request) =>
        request.JsonFormat != JsonFormat.None || request.Schema is not null || AsksForJsonOnly(request.InstructionText);

    public static bool AsksForJsonOnly(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var compact = string.Concat(text.Where(c => !char.IsWhiteSpace(c))).ToLowerInvariant();
        return compact.Contains("json")
            && (compact.Contains("only") || compact.Contains('只') || compact.Contains('仅'));
    }
}
