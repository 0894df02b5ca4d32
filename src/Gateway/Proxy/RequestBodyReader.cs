using System.IO.Pipelines;
using Gateway.Errors;
using Gateway.Profiles.Requests;
using Microsoft.AspNetCore.Http.Features;

namespace Gateway.Proxy;

/// <summary>Reads a request body whole into a pooled buffer, refusing it as soon as it passes the limit.</summary>
internal static class RequestBodyReader
{
    /// <summary>The 413 for a body <see cref="ReadAsync"/> refused. The rest of that body is never read, so the
    /// connection cannot be reused: it is closed after the answer.</summary>
    public static Task WriteTooLargeAsync(HttpContext context, long limit) =>
        OpenAIError.WriteAsync(context, StatusCodes.Status413PayloadTooLarge,
            $"The request body is larger than the gateway's limit of {limit} bytes.", OpenAIError.InvalidRequest, null, RequestError.TooLarge,
            new KeyValuePair<string, string>("Connection", "close"));

    /// <returns>The body, or null when it is larger than <paramref name="limit"/>.</returns>
    public static async Task<PooledBufferWriter?> ReadAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
        {
            return null;
        }

        // Lift Kestrel's own limit for this request: ours (reloadable) stops the read and answers in OpenAI's shape.
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
        {
            sizeFeature.MaxRequestBodySize = null;
        }

        var body = new PooledBufferWriter((int)(request.ContentLength ?? 4096));
        try
        {
            var reader = request.BodyReader;
            while (true)
            {
                var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                var buffer = result.Buffer;
                if (body.WrittenCount + buffer.Length > limit)
                {
                    reader.AdvanceTo(buffer.End);
                    body.Dispose();
                    return null;
                }

                foreach (var segment in buffer)
                {
                    segment.Span.CopyTo(body.GetSpan(segment.Length));
                    body.Advance(segment.Length);
                }

                reader.AdvanceTo(buffer.End);
                if (result.IsCompleted)
                {
                    return body;
                }
            }
        }
        catch
        {
            body.Dispose();
            throw;
        }
    }
}
