using System.Text.Json;

namespace Gateway.Errors;

/// <summary>Writes errors the gateway itself produces in OpenAI's shape:
/// <c>{"error": {"message", "type", "param", "code"}}</c>.</summary>
public static class OpenAIError
{
    public const string InvalidRequest = "invalid_request_error";
    public const string UpstreamError = "upstream_error";
    public const string NotFound = "not_found_error";
    public const string AuthenticationError = "authentication_error";
    public const string PermissionError = "permission_error";
    public const string RateLimitError = "rate_limit_error";

    /// <param name="headers">Headers of the answer itself (Retry-After, WWW-Authenticate), set after the response is cleared.</param>
    public static async Task WriteAsync(
        HttpContext context, int status, string message, string type, string? param, string? code,
        params KeyValuePair<string, string>[] headers)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Response.HasStarted)
        {
            return;
        }

        // Whatever a failed attempt left is dropped, but the gateway's own x-gateway-* headers stay.
        var gatewayHeaders = context.Response.Headers.Where(h => h.Key.StartsWith("x-gateway-", StringComparison.OrdinalIgnoreCase)).ToArray();
        context.Response.Clear();
        context.Response.StatusCode = status;
        foreach (var (name, value) in gatewayHeaders)
        {
            context.Response.Headers[name] = value;
        }

        foreach (var (name, value) in headers)
        {
            context.Response.Headers[name] = value;
        }

        context.Response.ContentType = "application/json";
        await using (var writer = new Utf8JsonWriter(context.Response.BodyWriter))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("error");
            writer.WriteString("message", message);
            writer.WriteString("type", type);
            writer.WriteString("param", param);
            writer.WriteString("code", code);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        // The JSON writer only advances the pipe; flushing it starts the response, so nothing writes a second error.
        await context.Response.BodyWriter.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }
}
