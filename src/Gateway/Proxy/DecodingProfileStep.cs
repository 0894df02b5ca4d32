using Gateway.Configuration;
using Gateway.Errors;
using Gateway.Profiles.Requests;
using Gateway.Profiles.Tasks;

namespace Gateway.Proxy;

/// <summary>
/// The decoding-profile step of the proxy pipeline, for POST /v1/chat/completions and /v1/completions only:
/// read the body once (bounded), check it, classify, apply the task's profile, and hand YARP the rewritten
/// body. Every other request passes straight through.
/// </summary>
public sealed partial class DecodingProfileStep(RequestDelegate next, GatewayPolicyProvider policies, ILogger<DecodingProfileStep> logger)
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
        var decision = new GatewayDecision(endpoint, request.Model, decided.Classification, decided.Profile, request.ClientParameters, decided.Effective);
        context.Features.Set(decision);

        using var upstreamBody = new PooledBufferWriter(body.WrittenCount + 256);
        RequestBodyWriter.Write(request, new BodyRewrite(decided.Effective), upstreamBody);

        var response = context.Response.Headers;
        response[GatewayHeaders.Task] = decided.Profile.Task.ToName();
        response[GatewayHeaders.Profile] = decided.Profile.Name;
        response[GatewayHeaders.Attempts] = "1";
        response[GatewayHeaders.Validation] = decision.Validation;

        var originalBody = context.Request.Body;
        var originalLength = context.Request.ContentLength;
        try
        {
            context.Request.Body = upstreamBody.AsStream();
            context.Request.ContentLength = upstreamBody.WrittenCount;
            context.Request.Headers.TransferEncoding = default;
            await next(context).ConfigureAwait(false);
        }
        finally
        {
            context.Request.Body = originalBody;
            context.Request.ContentLength = originalLength;
            LogDecision(decision.Profile.Task.ToName(), decision.Profile.Name, decision.ClientParameters.Temperature,
                decision.EffectiveParameters.Temperature, decision.Attempts, decision.Validation, context.Response.StatusCode);
        }
    }

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
}
