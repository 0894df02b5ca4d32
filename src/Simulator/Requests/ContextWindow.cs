using Gateway.Simulator.Infrastructure;

namespace Gateway.Simulator.Requests;

/// <summary>vLLM rejects prompts (plus requested completion) that do not fit max_model_len.</summary>
public static class ContextWindow
{
    public static void Check(int promptTokens, int? maxTokens, int maxModelLen)
    {
        if (promptTokens >= maxModelLen)
        {
            throw ApiException.BadRequest(
                $"This model's maximum context length is {maxModelLen} tokens. However, your request has {promptTokens} input tokens. Please reduce the length of the input messages.",
                "input_tokens");
        }

        if (maxTokens is { } max && promptTokens + max > maxModelLen)
        {
            throw ApiException.BadRequest(
                $"'max_tokens' or 'max_completion_tokens' is too large: {max}. This model's maximum context length is {maxModelLen} tokens and your request has {promptTokens} input tokens ({max} > {maxModelLen} - {promptTokens}).",
                "max_tokens");
        }
    }
}
