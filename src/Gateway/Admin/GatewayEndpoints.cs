using System.Text.Json;
using System.Text.Json.Serialization;
using Gateway.Configuration;
using Gateway.Errors;
using Gateway.Profiles.Classification;
using Gateway.Profiles.Decoding;
using Gateway.Profiles.Guard;
using Gateway.Profiles.Requests;
using Gateway.Profiles.Tasks;
using Gateway.Proxy;
using Yarp.ReverseProxy;

namespace Gateway.Admin;

/// <summary>The gateway's own endpoints: explain a decision, show the profiles in force, health and readiness.</summary>
public static class GatewayEndpoints
{
    /// <summary>Admin answers use OpenAI's snake_case, like the request fields they describe.</summary>
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public static IEndpointRouteBuilder MapGatewayEndpoints(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet("/healthz", () => Results.Json(new { status = "ok" }));
        endpoints.MapGet("/readyz", Ready);
        var admin = endpoints.MapGroup("/gateway");
        admin.MapPost("/classify", ClassifyAsync);
        admin.MapGet("/profiles", Profiles);
        return endpoints;
    }

    private static IResult Ready(IProxyStateLookup proxyState)
    {
        var available = proxyState.GetClusters().Sum(c => c.DestinationsState.AvailableDestinations.Count);
        return available > 0
            ? Results.Json(new { status = "ready", available_destinations = available })
            : Results.Json(new { status = "unavailable", available_destinations = 0 }, statusCode: StatusCodes.Status503ServiceUnavailable);
    }

    private static async Task ClassifyAsync(HttpContext context, GatewayPolicyProvider policies)
    {
        var policy = policies.Current;
        var limit = policy.Options.Limits.MaxRequestBodyBytes;
        using var body = await RequestBodyReader.ReadAsync(context.Request, limit, context.RequestAborted).ConfigureAwait(false);
        if (body is null)
        {
            await RequestBodyReader.WriteTooLargeAsync(context, limit).ConfigureAwait(false);
            return;
        }

        // The same body as a chat completion; a body with a prompt and no messages is read as a completion.
        var endpoint = LooksLikeCompletion(body.WrittenMemory.Span) ? CompletionEndpoint.Completions : CompletionEndpoint.ChatCompletions;
        using var request = CompletionRequest.Parse(body.WrittenMemory, endpoint, out var error);
        if (request is null || !DecodingProfileStep.TryReadForcedTask(context, policy.Options.AllowTaskHeader, out var forced, out error))
        {
            await DecodingProfileStep.WriteAsync(context, error!).ConfigureAwait(false);
            return;
        }

        var decision = policy.Decide(request, new HeaderView(context.Request.Headers), forced);
        await context.Response.WriteAsJsonAsync(
            new
            {
                task = decision.Classification.Task.ToName(),
                profile = decision.Profile.Name,
                mode = decision.Profile.Profile.Mode ?? ProfileMode.Default,
                signals = decision.Classification.Signals.Select(Describe),
                parameters = Parameters(decision.Effective, request.UsesMaxCompletionTokens),
                client_parameters = Parameters(request.ClientParameters, request.UsesMaxCompletionTokens),
            },
            Json,
            context.RequestAborted).ConfigureAwait(false);
    }

    private static IResult Profiles(GatewayPolicyProvider policies, AdaptiveTemperatures adaptive)
    {
        var policy = policies.Current;
        return Results.Json(
            new
            {
                version = policy.Version,
                profiles = TaskKinds.All.ToDictionary(
                    t => t.ToName(),
                    t => policy.Profiles.Resolve(t, model: null).Profile),
                allow_task_header = policy.Options.AllowTaskHeader,
                adaptive = adaptive.Snapshot().ToDictionary(
                    a => a.Key,
                    a => new { configured = a.Value.Configured, current = a.Value.Current }),
            },
            Json);
    }

    private static bool LooksLikeCompletion(ReadOnlySpan<byte> body) =>
        body.IndexOf("\"prompt\""u8) >= 0 && body.IndexOf("\"messages\""u8) < 0;

    private static object Describe(Signal signal) => new
    {
        name = signal.Name,
        task = signal.Task.ToName(),
        score = Math.Round(signal.Score, 3),
        source = signal.Source,
    };

    private static Dictionary<string, double> Parameters(DecodingParameters parameters, bool maxCompletionTokens) =>
        parameters.Stated().ToDictionary(
            p => maxCompletionTokens && p.Key == DecodingParameters.Fields.MaxTokens ? DecodingParameters.Fields.MaxCompletionTokens : p.Key,
            p => p.Value);
}
