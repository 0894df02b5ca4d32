using System.Text.Json;

namespace Gateway.Errors;

/// <summary>Writes errors the gateway itself produces in OpenAI's shape:
/// <c>{"error": {"message", "type", "param", "code"}}</c>.</summary>
public static class OpenAIError
{
    public const string InvalidRequest = "invalid_request_error";
    public const string UpstreamError = "upstream_error";
    public const string NotFound = "not_found_error";

    public static async Task WriteAsync(HttpContext context, int status, string message, string type, string? param, string? code)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Response.HasStarted)
        {
            return;
        }

        context.Response.Clear();
        context.Response.StatusCode = status;
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
