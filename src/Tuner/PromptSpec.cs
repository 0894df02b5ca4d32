using System.Text.Json.Nodes;

namespace Gateway.Tuner;

/// <summary>One prompt of the sweep: its task, text, and what a valid answer looks like.</summary>
public sealed record PromptSpec(string Task, string Prompt, string? System, JsonNode? Schema, bool RequiresJson)
{
    public static readonly IReadOnlySet<string> Tasks =
        new HashSet<string>(["function_call", "code", "chat", "creative", "summary"]);

    /// <summary>The guide's experiment. Only name and age are required: the answer must be a user object,
    /// and a model that leaves out an optional field still produced valid, usable JSON.</summary>
    public static PromptSpec Default { get; } = new(
        "function_call",
        "Return a JSON object describing a fictional user with fields name (string), age (integer), "
        + "email (string), interests (array of strings). Respond with JSON only.",
        null,
        JsonNode.Parse("""
            {
              "type": "object",
              "properties": {
                "name": { "type": "string" },
                "age": { "type": "integer", "minimum": 0 },
                "email": { "type": "string" },
                "interests": { "type": "array", "items": { "type": "string" } }
              },
              "required": ["name", "age"]
            }
            """),
        RequiresJson: true);
}
