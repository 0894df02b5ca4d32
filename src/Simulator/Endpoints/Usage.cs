using System.Text.Json.Nodes;

namespace Gateway.Simulator.Endpoints;

/// <summary>vLLM's UsageInfo; streaming chunks leave prompt_tokens_details unset (exclude_unset), bodies show null.</summary>
public static class Usage
{
    public static JsonObject Body(int promptTokens, int completionTokens) => new()
    {
        ["prompt_tokens"] = promptTokens,
        ["total_tokens"] = promptTokens + completionTokens,
        ["completion_tokens"] = completionTokens,
        ["prompt_tokens_details"] = null,
    };

    public static JsonObject Chunk(int promptTokens, int completionTokens) => new()
    {
        ["prompt_tokens"] = promptTokens,
        ["total_tokens"] = promptTokens + completionTokens,
        ["completion_tokens"] = completionTokens,
    };
}
