namespace Gateway.Profiles.Decoding;

/// <summary>
/// The decoding fields the gateway controls. A null field is one the request does not state;
/// vLLM would then fill it from the model's generation_config.
/// </summary>
public readonly record struct DecodingParameters(
    double? Temperature = null,
    double? TopP = null,
    int? TopK = null,
    double? MinP = null,
    double? FrequencyPenalty = null,
    double? PresencePenalty = null,
    double? RepetitionPenalty = null,
    int? MaxTokens = null)
{
    /// <summary>Wire names, as OpenAI and vLLM spell them in request bodies.</summary>
    public static class Fields
    {
        public const string Temperature = "temperature";
        public const string TopP = "top_p";
        public const string TopK = "top_k";
        public const string MinP = "min_p";
        public const string FrequencyPenalty = "frequency_penalty";
        public const string PresencePenalty = "presence_penalty";
        public const string RepetitionPenalty = "repetition_penalty";
        public const string MaxTokens = "max_tokens";
        public const string MaxCompletionTokens = "max_completion_tokens";
    }

    /// <summary>The stated fields as wire-name pairs, in a stable order (for JSON answers and telemetry).</summary>
    public IEnumerable<KeyValuePair<string, double>> Stated()
    {
        if (Temperature is { } t) { yield return new(Fields.Temperature, t); }
        if (TopP is { } p) { yield return new(Fields.TopP, p); }
        if (TopK is { } k) { yield return new(Fields.TopK, k); }
        if (MinP is { } m) { yield return new(Fields.MinP, m); }
        if (FrequencyPenalty is { } f) { yield return new(Fields.FrequencyPenalty, f); }
        if (PresencePenalty is { } pp) { yield return new(Fields.PresencePenalty, pp); }
        if (RepetitionPenalty is { } r) { yield return new(Fields.RepetitionPenalty, r); }
        if (MaxTokens is { } mt) { yield return new(Fields.MaxTokens, mt); }
    }
}
