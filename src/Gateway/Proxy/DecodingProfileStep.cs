using Gateway.Configuration;
using Gateway.Errors;
using Gateway.Guard;
using Gateway.Profiles.Classification;
using Gateway.Profiles.Guard;
using Gateway.Profiles.Requests;
using Gateway.Profiles.Tasks;

namespace Gateway.Proxy;

/// <summary>
/// The decoding-profile step of the proxy pipeline, for POST /v1/chat/completions and /v1/completions only:
/// read the body once (bounded), check it, classify, apply the task's profile, and hand YARP the rewritten
/// body. Every other request passes straight through.
/// </summary>
public sealed partial class DecodingProfileStep(
    RequestDelegate next, GatewayPolicyProvider policies, AdaptiveTemperatures adaptiveTemperatures, ILogger<DecodingProfileStep> logger)
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
            await OpenAIError.WriteAsync(context, StatusCodes.Status413PayloadTooLarge,
                $"The request body is larger than the gateway's limit of {limit} bytes.", OpenAIError.InvalidRequest, null, RequestError.TooLarge)
                .ConfigureAwait(false);
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

        var decided = policy.Decide(request, new HeaderView(context.Request.Headers), forcedTask);
        if (decided.ShadowDisagrees)
        {
            LogShadowDisagreement(decided.Classification.Task.ToName(), decided.Shadow!.Task.ToName());
        }

        var guard = policy.Options.Guard;
        var requirement = guard.Enabled ? OutputRequirement.For(request, AsksJsonOnly(decided.Classification, guard)) : null;
        var adaptive = requirement is null ? null : adaptiveTemperatures.For(decided.Profile.Name, decided.Profile.Profile.Temperature, decided.Profile.Profile.Adaptive);
        var effective = decided.Effective;
        if (adaptive is not null && effective.Temperature == decided.Profile.Profile.Temperature)
        {
            // Only a temperature that came from the profile adapts; a client's own value in Default mode is kept.
            effective = effective with { Temperature = adaptive.Current };
        }

        var decision = new GatewayDecision(endpoint, request.Model, decided.Classification, decided.Profile, request.ClientParameters, effective);
        context.Features.Set(decision);

        var originalBody = context.Request.Body;
        var originalLength = context.Request.ContentLength;
        context.Request.Headers.TransferEncoding = default;
        try
        {
            using var exchange = new UpstreamExchange(context, next, request, body.WrittenCount, decision, requirement, guard, adaptive);
            await exchange.RunAsync().ConfigureAwait(false);
        }
        finally
        {
            context.Request.Body = originalBody;
            context.Request.ContentLength = originalLength;
            LogDecision(decision.Profile.Task.ToName(), decision.Profile.Name, decision.ClientParameters.Temperature,
                decision.EffectiveParameters.Temperature, decision.Attempts, decision.Validation, context.Response.StatusCode);
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

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information,
        Message = "Proxied {Task} request with profile {Profile}: temperature {ClientTemperature} -> {EffectiveTemperature}, attempts {Attempts}, validation {Validation}, status {Status}")]
    private partial void LogDecision(string task, string profile, double? clientTemperature, double? effectiveTemperature, int attempts, string validation, int status);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information,
        Message = "Shadow classifier disagrees: active rules chose {ActiveTask}, shadow rules chose {ShadowTask}")]
    private partial void LogShadowDisagreement(string activeTask, string shadowTask);
}
