using Yarp.ReverseProxy.Forwarder;

namespace Gateway.Errors;

/// <summary>
/// Gives YARP's bodiless error answers (upstream refused, timed out, no healthy destination) OpenAI's shape,
/// so SDKs show a clear message instead of failing to parse an empty body.
/// </summary>
public sealed class UpstreamErrorMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        await next(context).ConfigureAwait(false);
        var error = context.GetForwarderErrorFeature();
        if (context.Response.HasStarted)
        {
            return;
        }

        if (error is not null)
        {
            await WriteAsync(context, error.Error).ConfigureAwait(false);
        }
        else if (context.Response.StatusCode == StatusCodes.Status503ServiceUnavailable)
        {
            await OpenAIError.WriteAsync(context, 503, "No healthy upstream model server is available.", OpenAIError.UpstreamError, null, "upstream_unavailable")
                .ConfigureAwait(false);
        }
    }

    /// <summary>Writes the OpenAI-shaped error for a forwarding failure.</summary>
    public static Task WriteAsync(HttpContext context, ForwarderError error)
    {
        var (status, message, code) = Describe(error, context.Response.StatusCode);
        return OpenAIError.WriteAsync(context, status, message, status < 500 ? OpenAIError.InvalidRequest : OpenAIError.UpstreamError, null, code);
    }

    private static (int Status, string Message, string Code) Describe(ForwarderError error, int status) => error switch
    {
        ForwarderError.RequestTimedOut => (504, "The upstream model server did not answer in time.", "upstream_timeout"),
        ForwarderError.NoAvailableDestinations => (503, "No healthy upstream model server is available.", "upstream_unavailable"),
        ForwarderError.RequestBodyClient or ForwarderError.RequestCanceled =>
            (status is >= 400 and < 500 ? status : 400, "The request body could not be read from the client.", "client_error"),
        _ => (502, $"The upstream model server could not be reached ({error}).", "upstream_unreachable"),
    };
}
