namespace Gateway.Simulator.Infrastructure;

/// <summary>Records every /v1/* and /tokenize request before fault injection, so failed attempts are counted too.</summary>
public sealed class RequestLogMiddleware(RequestDelegate next, RequestLog log)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (!IsApiPath(context.Request.Path))
        {
            await next(context);
            return;
        }

        // Buffer so the endpoint can still read the body after we did.
        context.Request.EnableBuffering();
        string body;
        using (var reader = new StreamReader(context.Request.Body, leaveOpen: true))
        {
            body = await reader.ReadToEndAsync(context.RequestAborted);
        }

        context.Request.Body.Position = 0;

        var headers = context.Request.Headers.ToDictionary(
            h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        log.Add(new RecordedRequest(
            context.Request.Method, context.Request.Path.Value ?? "", headers, body, DateTimeOffset.UtcNow));
        await next(context);
    }

    internal static bool IsApiPath(PathString path) =>
        path.StartsWithSegments("/v1") || path.StartsWithSegments("/tokenize");
}
