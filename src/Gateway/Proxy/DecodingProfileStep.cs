using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Gateway.Configuration;
using Gateway.Errors;
using Gateway.Guard;
using Gateway.Profiles.Classification;
using Gateway.Profiles.Configuration;
using Gateway.Profiles.Guard;
using Gateway.Profiles.Requests;
using Gateway.Profiles.Tasks;
using Gateway.Telemetry;

namespace Gateway.Proxy;

/// <summary>
/// The decoding-profile step of the proxy pipeline, for POST /v1/chat/completions and /v1/completions only:
/// read the body once (bounded), check it, classify, apply the task's profile, and hand YARP the rewritten
/// body. Every other request passes straight through.
/// </summary>
public sealed partial class DecodingProfileStep(
    RequestDelegate next, GatewayPolicyProvider policies, AdaptiveTemperatures adaptiveTemperatures, GatewayMetrics metrics, ILogger<DecodingProfileStep> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!HttpMethods.IsPost(context.Request.Method) || Endpoint(context.Request.Path) is not { } endpoint)
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        var policy = policies.Current;
        var limit = policy.Options.Limits.MaxRequestBodyBytes;
        using var body = await RequestBodyReader.ReadAsync(context.Request, limit, context.RequestAborted).ConfigureAwait(false);
        if (body is null)
        {
            await RequestBodyReader.WriteTooLargeAsync(context, limit).ConfigureAwait(false);
            return;
        }

        using var request = CompletionRequest.Parse(body.WrittenMemory, endpoint, out var error);
        if (request is null)
        {
            await WriteAsync(context, error!).ConfigureAwait(false);
            return;
        }

        if (!TryReadForcedTask(context, policy.Options.AllowTaskHeader, out var forcedTask, out error))
        {
            await WriteAsync(context, error!).ConfigureAwait(false);
            return;
        }

        ProfileDecision decided;
        OutputRequirement? requirement;
        var guard = policy.Options.Guard;
        try
        {
            decided = policy.Decide(request, new HeaderView(context.Request.Headers), forcedTask);
            requirement = guard.Enabled ? OutputRequirement.For(request, AsksJsonOnly(decided.Classification, guard)) : null;
        }
        catch (InvalidOperationException ex)
        {
            // A string the checks let through but that is not valid Unicode when read (a lone surrogate escape).
            await WriteAsync(context, new RequestError($"The request holds text that is not valid Unicode: {ex.Message}", null, RequestError.InvalidJson))
                .ConfigureAwait(false);
            return;
        }

        if (decided.ShadowDisagrees)
        {
            metrics.RecordShadowDisagreement(decided.Classification.Task, decided.Shadow!.Task);
            LogShadowDisagreement(decided.Classification.Task.ToName(), decided.Shadow.Task.ToName());
        }

        var adaptive = requirement is null ? null : adaptiveTemperatures.For(decided.Profile.Name, decided.Profile.Profile.Temperature, decided.Profile.Profile.Adaptive);
        var effective = decided.Effective;
        if (adaptive is not null && effective.Temperature == decided.Profile.Profile.Temperature)
        {
            // Only a temperature that came from the profile adapts; a client's own value in Default mode is kept.
            effective = effective with { Temperature = adaptive.Current };
        }

        var decision = new GatewayDecision(endpoint, request.Model, decided.Classification, decided.Profile, request.ClientParameters, effective)
        {
            ApiKeyName = context.Features.Get<Security.ClientIdentity>()?.KeyName,
        };
        context.Features.Set(decision);

        var telemetry = policy.Options.Telemetry;
        using var span = RequestSpan.Start(decision, request, telemetry);
        var originalBody = context.Request.Body;
        var originalLength = context.Request.ContentLength;
        context.Request.Headers.TransferEncoding = default;
        try
        {
            using var exchange = new UpstreamExchange(context, next, request, body.WrittenCount, decision, requirement, guard, policy.Options.Upstream, adaptive,
                telemetry.CaptureContent ? telemetry.ContentMaxChars : null);
            await exchange.RunAsync().ConfigureAwait(false);
        }
        finally
        {
            context.Request.Body = originalBody;
            context.Request.ContentLength = originalLength;
            var status = context.Response.StatusCode;
            if (status >= 400 && decision.ErrorType is null)
            {
                decision.ErrorType = status.ToString(CultureInfo.InvariantCulture);
            }

            RequestSpan.Complete(span, decision, status);
            metrics.RecordRequest(decision, status);
            LogSummary(decision, status, telemetry.CaptureContent ? RequestSpan.Truncate(request.Messages.ValueKind == JsonValueKind.Undefined ? request.Prompt : request.Messages, telemetry.ContentMaxChars) : null);
        }
    }

    private void LogSummary(GatewayDecision d, int status, string? prompt)
    {
        if (!logger.IsEnabled(LogLevel.Information))
        {
            return;
        }

        LogRequest(d.Profile.Task.ToName(), string.Join(' ', d.Classification.Describe()), d.ApiKeyName ?? "-", d.Profile.Name, d.ClientParameters.Temperature, d.EffectiveParameters.Temperature, d.Attempts,
            d.Repaired ? "repaired" : d.Validation, d.Destination?.Authority, status, Stopwatch.GetElapsedTime(d.StartedAt).TotalMilliseconds,
            d.TimeToFirstChunk?.TotalMilliseconds, d.InputTokens, d.OutputTokens, d.TotalTokens,
            d.ValidationError is null ? "" : $"; last validation error: {d.ValidationError}");
        if (prompt is not null)
        {
            LogContent(prompt);
        }
    }

    private static bool AsksJsonOnly(Classification classification, GuardOptions guard) =>
        classification.Task == TaskKind.FunctionCall
        && classification.Signals.Any(s => s.Task == TaskKind.FunctionCall && guard.JsonOnlySignals.Contains(s.Name, StringComparer.OrdinalIgnoreCase));

    private static CompletionEndpoint? Endpoint(PathString path) =>
        path.Equals("/v1/chat/completions", StringComparison.OrdinalIgnoreCase) ? CompletionEndpoint.ChatCompletions
        : path.Equals("/v1/completions", StringComparison.OrdinalIgnoreCase) ? CompletionEndpoint.Completions
        : null;

    internal static bool TryReadForcedTask(HttpContext context, bool allowed, out TaskKind? task, out RequestError? error)
    {
        task = null;
        error = null;
        if (!allowed || !context.Request.Headers.TryGetValue(GatewayHeaders.Task, out var value) || value.Count == 0)
        {
            return true;
        }

        if (TaskKinds.TryParse(value.ToString(), out var parsed))
        {
            task = parsed;
            return true;
        }

        error = new RequestError(
            $"Unknown task '{value}' in the {GatewayHeaders.Task} header; expected one of {string.Join(", ", TaskKinds.Names)}.",
            GatewayHeaders.Task, RequestError.InvalidValue);
        return false;
    }

    internal static Task WriteAsync(HttpContext context, RequestError error) =>
        OpenAIError.WriteAsync(context, error.Status, error.Message, OpenAIError.InvalidRequest, error.Param, error.Code);

    // One summary line per proxied request; never prompt or answer text (see LogContent).
    [LoggerMessage(EventId = 2001, Level = LogLevel.Information,
        Message = "Proxied {Task} request ({Signals}) for {ApiKey} with profile {Profile}: temperature {ClientTemperature} -> {EffectiveTemperature}, attempts {Attempts}, validation {Validation}, upstream {Destination} status {Status} in {DurationMs:0.0} ms (first chunk {TimeToFirstChunkMs:0.0} ms), tokens {InputTokens} in / {OutputTokens} out / {TotalTokens} over all attempts{ValidationError}")]
    private partial void LogRequest(string task, string signals, string apiKey, string profile, double? clientTemperature, double? effectiveTemperature, int attempts, string validation,
        string? destination, int status, double durationMs, double? timeToFirstChunkMs, long? inputTokens, long? outputTokens, long totalTokens, string? validationError);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Information, Message = "Request content (Gateway:Telemetry:CaptureContent): {Content}")]
    private partial void LogContent(string content);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information,
        Message = "Shadow classifier disagrees: active rules chose {ActiveTask}, shadow rules chose {ShadowTask}")]
    private partial void LogShadowDisagreement(string activeTask, string shadowTask);
}
