using Gateway.Configuration;
using Gateway.Errors;

namespace Gateway.Security;

/// <summary>
/// Lets in only those who belong: client keys for the OpenAI API, admin keys for <c>/gateway/*</c>; probes and
/// metrics stay open. Decides what vLLM sees of authorization: the upstream key when one is configured, never
/// the client's own key when client keys are in use.
/// </summary>
public sealed class ApiKeyMiddleware(RequestDelegate next, GatewayPolicyProvider policies)
{
    public Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var path = context.Request.Path;
        if (path.StartsWithSegments("/healthz") || path.StartsWithSegments("/readyz") || path.StartsWithSegments("/metrics"))
        {
            return next(context);
        }

        var options = policies.Current.Options;
        var admin = path.StartsWithSegments("/gateway");
        var keys = admin ? options.Auth.AdminKeys : options.Auth.ApiKeys;
        string? keyName = null;
        if (keys.Count > 0)
        {
            var presented = KeyRing.Bearer(context.Request.Headers.Authorization);
            if (presented is null)
            {
                return Refuse(context, 401, "You didn't provide an API key. Send it as 'Authorization: Bearer <key>'.", "missing_api_key");
            }

            keyName = KeyRing.Find(keys, presented);
            if (keyName is null)
            {
                return admin && KeyRing.Find(options.Auth.ApiKeys, presented) is not null
                    ? Refuse(context, 403, "A client key cannot use the gateway's admin endpoints.", "insufficient_permissions")
                    : Refuse(context, 401, "Incorrect API key provided.", "invalid_api_key");
            }
        }

        context.Features.Set(new ClientIdentity(keyName, keyName ?? $"address:{context.Connection.RemoteIpAddress}"));
        if (!admin)
        {
            if (options.Upstream.ApiKey is { Length: > 0 } upstreamKey)
            {
                context.Request.Headers.Authorization = $"Bearer {upstreamKey}";
            }
            else if (options.Auth.ApiKeys.Count > 0)
            {
                context.Request.Headers.Authorization = default; // the client's gateway key is not vLLM's business
            }
        }

        return next(context);
    }

    private static Task Refuse(HttpContext context, int status, string message, string code)
    {
        return OpenAIError.WriteAsync(context, status, message,
            status == 401 ? OpenAIError.AuthenticationError : OpenAIError.PermissionError, null, code,
            new KeyValuePair<string, string>("WWW-Authenticate", "Bearer"));
    }
}
