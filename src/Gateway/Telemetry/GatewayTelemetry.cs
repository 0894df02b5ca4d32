using System.Diagnostics;

namespace Gateway.Telemetry;

/// <summary>The gateway's trace source and the attribute names it writes (OpenTelemetry GenAI conventions,
/// plus the gateway's decision under <c>gateway.*</c>).</summary>
public static class GatewayTelemetry
{
    public const string SourceName = "Gateway";

    public static ActivitySource Source { get; } = new(SourceName);

    /// <summary>vLLM speaks the OpenAI API; the conventions name the provider after the API.</summary>
    public const string ProviderName = "openai";

    public static class Attributes
    {
        public const string OperationName = "gen_ai.operation.name";
        public const string ProviderName = "gen_ai.provider.name";
        public const string RequestModel = "gen_ai.request.model";
        public const string RequestTemperature = "gen_ai.request.temperature";
        public const string RequestTopP = "gen_ai.request.top_p";
        public const string RequestTopK = "gen_ai.request.top_k";
        public const string RequestMaxTokens = "gen_ai.request.max_tokens";
        public const string RequestFrequencyPenalty = "gen_ai.request.frequency_penalty";
        public const string RequestPresencePenalty = "gen_ai.request.presence_penalty";
        public const string RequestSeed = "gen_ai.request.seed";
        public const string RequestChoiceCount = "gen_ai.request.choice.count";
        public const string ResponseId = "gen_ai.response.id";
        public const string ResponseModel = "gen_ai.response.model";
        public const string ResponseFinishReasons = "gen_ai.response.finish_reasons";
        public const string UsageInputTokens = "gen_ai.usage.input_tokens";
        public const string UsageOutputTokens = "gen_ai.usage.output_tokens";
        public const string TokenType = "gen_ai.token.type";
        public const string InputMessages = "gen_ai.input.messages";
        public const string OutputMessages = "gen_ai.output.messages";
        public const string ServerAddress = "server.address";
        public const string ServerPort = "server.port";
        public const string ErrorType = "error.type";
        public const string HttpStatusCode = "http.response.status_code";

        public const string Task = "gateway.task";
        public const string ApiKeyName = "gateway.api_key.name";
        public const string Signals = "gateway.signals";
        public const string Profile = "gateway.profile";
        public const string ProfileMode = "gateway.profile.mode";
        public const string ClientPrefix = "gateway.client.";
        public const string EffectivePrefix = "gateway.effective.";
        public const string Attempts = "gateway.attempts";
        public const string Validation = "gateway.validation";
        public const string ValidationError = "gateway.validation.error";
        public const string Repaired = "gateway.validation.repaired";
        public const string TotalTokens = "gateway.usage.total_tokens";
        public const string AttemptNumber = "gateway.attempt.number";
        public const string AttemptOutcome = "gateway.attempt.outcome";
        public const string AttemptConstrained = "gateway.attempt.constrained";
        public const string ShadowTask = "gateway.shadow_task";
        public const string RetryReason = "gateway.retry.reason";
    }

    /// <summary>The conventions' operation name for an endpoint.</summary>
    public static string OperationName(Profiles.Requests.CompletionEndpoint endpoint) =>
        endpoint == Profiles.Requests.CompletionEndpoint.ChatCompletions ? "chat" : "text_completion";
}
