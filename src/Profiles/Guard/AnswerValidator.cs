using System.Text;
using System.Text.Json;
using Json.Schema;

namespace Gateway.Profiles.Guard;

/// <summary>How an answer fared against its requirement.</summary>
public enum AnswerOutcome
{
    Passed,

    /// <summary>Valid after the configured repair (a fence or prose stripped).</summary>
    Repaired,

    Failed,
}

/// <summary>The verdict on one upstream answer: outcome, the validator's message, a fingerprint of its
/// content (to spot an answer identical to one that already failed), its tokens, and repaired contents.</summary>
public sealed record AnswerCheck(AnswerOutcome Outcome, string? Message, ulong Fingerprint, long TotalTokens, IReadOnlyDictionary<int, string>? Repaired = null);

/// <summary>
/// Validates a chat completion or completion answer (vLLM's JSON) against an <see cref="OutputRequirement"/>:
/// every choice must pass. JSON Schema 2020-12 through JsonSchema.Net.
/// </summary>
public static class AnswerValidator
{
    private static readonly EvaluationOptions Evaluation = new() { OutputFormat = OutputFormat.List };

    public static AnswerCheck Check(ReadOnlySpan<byte> answer, OutputRequirement requirement, bool repair)
    {
        ArgumentNullException.ThrowIfNull(requirement);
        try
        {
            return CheckParsed(answer, requirement, repair);
        }
        catch (InvalidOperationException ex)
        {
            // Text that is not valid Unicode in the answer: as unusable as broken JSON.
            return new AnswerCheck(AnswerOutcome.Failed, $"The upstream answer holds invalid text: {ex.Message}", Fingerprint.Of(answer), 0);
        }
    }

    private static AnswerCheck CheckParsed(ReadOnlySpan<byte> answer, OutputRequirement requirement, bool repair)
    {
        if (!AnswerJson.TryParse(answer, out var document, out var error))
        {
            return new AnswerCheck(AnswerOutcome.Failed, $"The upstream answer is not JSON: {error}", Fingerprint.Of(answer), 0);
        }

        using (document)
        {
            var root = document.RootElement;
            var tokens = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("usage", out var usage) && usage.ValueKind == JsonValueKind.Object
                && usage.TryGetProperty("total_tokens", out var total) && total.TryGetInt64(out var t) ? t : 0;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("choices", out var choices)
                || choices.ValueKind != JsonValueKind.Array || choices.GetArrayLength() == 0)
            {
                return new AnswerCheck(AnswerOutcome.Failed, "The upstream answer has no choices.", Fingerprint.Of(answer), tokens);
            }

            var fingerprint = new Fingerprint();
            Dictionary<int, string>? repaired = null;
            string? failure = null;
            foreach (var choice in choices.EnumerateArray())
            {
                var index = choice.TryGetProperty("index", out var i) && i.TryGetInt32(out var n) ? n : 0;
                var (content, toolCalls) = Read(choice);
                fingerprint.Add(content);
                foreach (var call in toolCalls)
                {
                    fingerprint.Add(call.Name);
                    fingerprint.Add(call.Arguments);
                }

                var message = requirement.Kind == OutputKind.ToolCalls
                    ? CheckToolCalls(toolCalls, requirement)
                    : CheckContent(content, requirement);
                if (message is not null && repair && requirement.Kind != OutputKind.ToolCalls && Repair(content) is { } fixedContent
                    && CheckContent(fixedContent, requirement) is null)
                {
                    (repaired ??= [])[index] = fixedContent;
                    message = null;
                }

                if (message is not null)
                {
                    failure ??= choices.GetArrayLength() > 1 ? $"Choice {index}: {message}" : message;
                }
            }

            var outcome = failure is not null ? AnswerOutcome.Failed : repaired is not null ? AnswerOutcome.Repaired : AnswerOutcome.Passed;
            return new AnswerCheck(outcome, failure, fingerprint.Value, tokens, repaired);
        }
    }

    /// <summary>Strips a ```json fence or prose around the first JSON object or array; null when nothing is left to try.</summary>
    public static string? Repair(string? content)
    {
        if (string.IsNullOrWhiteSpace(content))
        {
            return null;
        }

        var start = content.AsSpan().IndexOfAny('{', '[');
        if (start < 0)
        {
            return null;
        }

        var close = content[start] == '{' ? '}' : ']';
        var end = content.LastIndexOf(close);
        return end > start ? content[start..(end + 1)] : null;
    }

    private static string? CheckContent(string? content, OutputRequirement requirement)
    {
        if (content is null)
        {
            return "The answer has no content.";
        }

        JsonDocument parsed;
        try
        {
            parsed = JsonDocument.Parse(content);
        }
        catch (JsonException ex)
        {
            return $"The content is not valid JSON: {ex.Message}";
        }

        using (parsed)
        {
            switch (requirement.Kind)
            {
                case OutputKind.JsonObject when parsed.RootElement.ValueKind != JsonValueKind.Object:
                    return $"The content is JSON but not an object (it is {parsed.RootElement.ValueKind}).";
                case OutputKind.JsonSchema when requirement.ContentSchema is { } schema:
                    return SchemaErrors(schema, parsed.RootElement, "The content does not match the schema");
                default:
                    return null;
            }
        }
    }

    private static string? CheckToolCalls(IReadOnlyList<ToolCall> calls, OutputRequirement requirement)
    {
        if (calls.Count == 0)
        {
            return requirement.ToolCallRequired ? "The answer calls no tool, but tool_choice requires one." : null;
        }

        foreach (var call in calls)
        {
            if (!requirement.IsDeclared(call.Name))
            {
                return $"The tool call names '{call.Name}', which is not a declared function ({string.Join(", ", requirement.DeclaredFunctions)}).";
            }

            JsonDocument arguments;
            try
            {
                arguments = JsonDocument.Parse(string.IsNullOrEmpty(call.Arguments) ? "{}" : call.Arguments);
            }
            catch (JsonException ex)
            {
                return $"The arguments of '{call.Name}' are not valid JSON: {ex.Message}";
            }

            using (arguments)
            {
                if (arguments.RootElement.ValueKind != JsonValueKind.Object)
                {
                    return $"The arguments of '{call.Name}' are not a JSON object.";
                }

                if (requirement.ParametersSchema(call.Name) is { } schema
                    && SchemaErrors(schema, arguments.RootElement, $"The arguments of '{call.Name}' do not match its parameters") is { } errors)
                {
                    return errors;
                }
            }
        }

        return null;
    }

    private static string? SchemaErrors(JsonSchema schema, JsonElement instance, string lead)
    {
        var result = schema.Evaluate(instance, Evaluation);
        if (result.IsValid)
        {
            return null;
        }

        var errors = (result.Details ?? [])
            .Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{(d.InstanceLocation.ToString() is { Length: > 0 } at ? at : "/")}: {e.Value}"))
            .Distinct()
            .Take(5);
        return $"{lead}: {string.Join("; ", errors)}";
    }

    private static (string? Content, IReadOnlyList<ToolCall> ToolCalls) Read(JsonElement choice)
    {
        if (choice.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String)
        {
            return (text.GetString(), []);
        }

        if (!choice.TryGetProperty("message", out var message) || message.ValueKind != JsonValueKind.Object)
        {
            return (null, []);
        }

        var content = message.TryGetProperty("content", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
        var calls = new List<ToolCall>();
        if (message.TryGetProperty("tool_calls", out var toolCalls) && toolCalls.ValueKind == JsonValueKind.Array)
        {
            foreach (var call in toolCalls.EnumerateArray())
            {
                if (call.TryGetProperty("function", out var function) && function.ValueKind == JsonValueKind.Object)
                {
                    var name = function.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()! : "";
                    var arguments = function.TryGetProperty("arguments", out var a) && a.ValueKind == JsonValueKind.String ? a.GetString() : null;
                    calls.Add(new ToolCall(name, arguments));
                }
            }
        }

        return (content, calls);
    }

    private sealed record ToolCall(string Name, string? Arguments);

    /// <summary>FNV-1a over the answers' texts: equal texts, equal fingerprints.</summary>
    private struct Fingerprint()
    {
        public ulong Value { get; private set; } = 14695981039346656037UL;

        public static ulong Of(ReadOnlySpan<byte> bytes)
        {
            var f = new Fingerprint();
            f.Add(bytes);
            return f.Value;
        }

        public void Add(string? text)
        {
            Add(Encoding.UTF8.GetBytes(text ?? "\0null"));
            Add([0xFF]);
        }

        private void Add(ReadOnlySpan<byte> bytes)
        {
            var hash = Value;
            foreach (var b in bytes)
            {
                hash = (hash ^ b) * 1099511628211UL;
            }

            Value = hash;
        }
    }
}
