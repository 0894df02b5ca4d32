using System.Text.Json.Nodes;

namespace Gateway.Simulator.Generation;

public enum ToolChoiceMode
{
    None,
    Auto,
    Required,
    Named,
}

/// <summary>What kind of JSON the client demanded through response_format.</summary>
public enum JsonFormat
{
    None,
    AnyObject,
    Schema,
}

public sealed record ToolSpec(string Name, JsonNode? Parameters);

/// <summary>Everything the planner needs, independent of chat vs. completions wire shapes.</summary>
public sealed record GenerationRequest
{
    /// <summary>Full prompt text; together with seed and temperature it determines the answer.</summary>
    public required string PromptText { get; init; }

    /// <summary>The last user/system text, inspected for "JSON only" instructions and language.</summary>
    public string? InstructionText { get; init; }

    public double Temperature { get; init; } = 0.7;

    public long? Seed { get; init; }

    public int N { get; init; } = 1;

    public int? MaxTokens { get; init; }

    public IReadOnlyList<string> Stop { get; init; } = [];

    public JsonFormat JsonFormat { get; init; }

    /// <summary>Schema from response_format.json_schema, structured_outputs.json or guided_json.</summary>
    public JsonNode? Schema { get; init; }

    /// <summary>True when structured_outputs/guided_* is present: constrained decoding never breaks JSON.</summary>
    public bool Constrained { get; init; }

    /// <summary>structured_outputs.choice / guided_choice: the answer is one of these strings.</summary>
    public IReadOnlyList<string>? Choices { get; init; }

    public IReadOnlyList<ToolSpec> Tools { get; init; } = [];

    public ToolChoiceMode ToolChoice { get; init; } = ToolChoiceMode.Auto;

    public string? NamedTool { get; init; }
}
