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

        Tag(span, A.OperationName, operation);
        Tag(span, A.ProviderName, GatewayTelemetry.ProviderName);
        Tag(span, A.RequestModel, decision.Model);
        if (request.ChoiceCount != 1)
        {
            Tag(span, A.RequestChoiceCount, request.ChoiceCount);
        }

        Tag(span, A.ApiKeyName, decision.ApiKeyName);
        Tag(span, A.Task, decision.Profile.Task.ToName());
        Tag(span, A.Profile, decision.Profile.Name);
        Tag(span, A.ProfileMode, (decision.Profile.Profile.Mode ?? ProfileMode.Default).ToString());
        Tag(span, A.Signals, decision.Classification.Describe().ToArray());
        foreach (var (name, value) in decision.ClientParameters.Stated())
        {
            Tag(span, A.ClientPrefix + name, value);
        }

        if (request.Seed is { } seed)
        {
            Tag(span, A.ClientPrefix + "seed", seed);
        }

        if (options.CaptureContent)
        {
            Tag(span, A.InputMessages, Truncate(request.Endpoint == CompletionEndpoint.ChatCompletions ? request.Messages : request.Prompt, options.ContentMaxChars));
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
        Tag(span, A.RequestTemperature, effective.Temperature);
        Tag(span, A.RequestTopP, effective.TopP);
        Tag(span, A.RequestTopK, effective.TopK);
        Tag(span, A.RequestMaxTokens, effective.MaxTokens);
        Tag(span, A.RequestFrequencyPenalty, effective.FrequencyPenalty);
        Tag(span, A.RequestPresencePenalty, effective.PresencePenalty);
        Tag(span, A.RequestSeed, decision.Seed);
        foreach (var (name, value) in effective.Stated())
        {
            Tag(span, A.EffectivePrefix + name, value);
        }

        Tag(span, A.ResponseId, decision.ResponseId);
        Tag(span, A.ResponseModel, decision.ResponseModel);
        if (decision.FinishReasons.Count > 0)
        {
            Tag(span, A.ResponseFinishReasons, decision.FinishReasons.ToArray());
        }

        Tag(span, A.UsageInputTokens, decision.InputTokens);
        Tag(span, A.UsageOutputTokens, decision.OutputTokens);
        Tag(span, A.TotalTokens, decision.TotalTokens > 0 ? decision.TotalTokens : null);
        if (decision.Destination is { } destination)
        {
            Tag(span, A.ServerAddress, destination.Host);
            Tag(span, A.ServerPort, destination.Port);
        }

        Tag(span, A.Attempts, decision.Attempts);
        Tag(span, A.Validation, decision.Validation);
        Tag(span, A.Repaired, decision.Repaired ? true : null);
        Tag(span, A.ValidationError, decision.ValidationError);
        Tag(span, A.HttpStatusCode, status);
        Tag(span, A.OutputMessages, decision.OutputContent);
        if (decision.ErrorType is { } error)
        {
            Tag(span, A.ErrorType, error);
            span.SetStatus(ActivityStatusCode.Error, error);
        }
    }

    // Each tag is set once per span: appending skips SetTag's search of the tags already there (about forty).
    private static void Tag(Activity span, string name, object? value)
    {
        if (value is not null)
        {
            span.AddTag(name, value);
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
