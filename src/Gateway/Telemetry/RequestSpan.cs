using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Gateway.Profiles.Configuration;
using Gateway.Profiles.Decoding;
using Gateway.Profiles.Requests;
using Gateway.Profiles.Tasks;
using Gateway.Proxy;
using A = Gateway.Telemetry.GatewayTelemetry.Attributes;

namespace Gateway.Telemetry;

/// <summary>The gateway's span for one request, named and tagged after the GenAI conventions
/// (<c>chat {model}</c>), with the decision under <c>gateway.*</c>.</summary>
internal static class RequestSpan
{
    public static Activity? Start(GatewayDecision decision, CompletionRequest request, TelemetryOptions options)
    {
        var operation = GatewayTelemetry.OperationName(decision.Endpoint);
        var span = GatewayTelemetry.Source.StartActivity(
            decision.Model is null ? operation : $"{operation} {decision.Model}", ActivityKind.Client);
        if (span is null || !span.IsAllDataRequested)
        {
            return span;
        }

        span.SetTag(A.OperationName, operation);
        span.SetTag(A.ProviderName, GatewayTelemetry.ProviderName);
        span.SetTag(A.RequestModel, decision.Model);
        if (request.ChoiceCount != 1)
        {
            span.SetTag(A.RequestChoiceCount, request.ChoiceCount);
        }

        span.SetTag(A.ApiKeyName, decision.ApiKeyName);
        span.SetTag(A.Task, decision.Profile.Task.ToName());
        span.SetTag(A.Profile, decision.Profile.Name);
        span.SetTag(A.ProfileMode, (decision.Profile.Profile.Mode ?? ProfileMode.Default).ToString());
        span.SetTag(A.Signals, decision.Classification.Describe().ToArray());
        foreach (var (name, value) in decision.ClientParameters.Stated())
        {
            span.SetTag(A.ClientPrefix + name, value);
        }

        if (request.Seed is { } seed)
        {
            span.SetTag(A.ClientPrefix + "seed", seed);
        }

        if (options.CaptureContent)
        {
            span.SetTag(A.InputMessages, Truncate(request.Endpoint == CompletionEndpoint.ChatCompletions ? request.Messages : request.Prompt, options.ContentMaxChars));
        }

        return span;
    }

    public static void Complete(Activity? span, GatewayDecision decision, int status)
    {
        if (span is null || !span.IsAllDataRequested)
        {
            return;
        }

        var effective = decision.EffectiveParameters;
        span.SetTag(A.RequestTemperature, effective.Temperature);
        span.SetTag(A.RequestTopP, effective.TopP);
        span.SetTag(A.RequestTopK, effective.TopK);
        span.SetTag(A.RequestMaxTokens, effective.MaxTokens);
        span.SetTag(A.RequestFrequencyPenalty, effective.FrequencyPenalty);
        span.SetTag(A.RequestPresencePenalty, effective.PresencePenalty);
        span.SetTag(A.RequestSeed, decision.Seed);
        foreach (var (name, value) in effective.Stated())
        {
            span.SetTag(A.EffectivePrefix + name, value);
        }

        span.SetTag(A.ResponseId, decision.ResponseId);
        span.SetTag(A.ResponseModel, decision.ResponseModel);
        if (decision.FinishReasons.Count > 0)
        {
            span.SetTag(A.ResponseFinishReasons, decision.FinishReasons.ToArray());
        }

        span.SetTag(A.UsageInputTokens, decision.InputTokens);
        span.SetTag(A.UsageOutputTokens, decision.OutputTokens);
        span.SetTag(A.TotalTokens, decision.TotalTokens > 0 ? decision.TotalTokens : null);
        if (decision.Destination is { } destination)
        {
            span.SetTag(A.ServerAddress, destination.Host);
            span.SetTag(A.ServerPort, destination.Port);
        }

        span.SetTag(A.Attempts, decision.Attempts);
        span.SetTag(A.Validation, decision.Validation);
        span.SetTag(A.Repaired, decision.Repaired ? true : null);
        span.SetTag(A.ValidationError, decision.ValidationError);
        span.SetTag(A.HttpStatusCode, status);
        span.SetTag(A.OutputMessages, decision.OutputContent);
        if (decision.ErrorType is { } error)
        {
            span.SetTag(A.ErrorType, error);
            span.SetStatus(ActivityStatusCode.Error, error);
        }
    }

    /// <summary>A JSON value as text, cut to <paramref name="maxChars"/> (content capture only).</summary>
    public static string Truncate(JsonElement value, int maxChars)
    {
        if (value.ValueKind == JsonValueKind.Undefined)
        {
            return "";
        }

        var raw = JsonMarshal.GetRawUtf8Value(value);
        var text = Encoding.UTF8.GetString(raw[..Math.Min(raw.Length, maxChars * 4)]);
        return text.Length <= maxChars ? text : string.Concat(text.AsSpan(0, maxChars), "…");
    }
}
