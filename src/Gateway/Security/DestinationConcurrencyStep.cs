using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using Gateway.Errors;
using Gateway.Profiles.Configuration;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Model;

namespace Gateway.Security;

/// <summary>
/// Bounds the requests in flight to each vLLM destination, with a bounded queue, so a burst degrades to 503s
/// (retried on another destination by the exchange, when there is one) instead of collapsing vLLM.
/// Runs in YARP's pipeline after load balancing has chosen the destination.
/// </summary>
public sealed class DestinationConcurrencyStep(RequestDelegate next, UpstreamOptions options)
{
    private readonly ConcurrentDictionary<DestinationState, ConcurrencyLimiter> _limiters = new();

    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (options.MaxConcurrentPerDestination <= 0
            || context.GetReverseProxyFeature().AvailableDestinations is not [var destination])
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        var limiter = _limiters.GetOrAdd(destination, static (_, o) => new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = o.MaxConcurrentPerDestination,
            QueueLimit = o.QueueLimit,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        }), options);
        using var lease = await limiter.AcquireAsync(1, context.RequestAborted).ConfigureAwait(false);
        if (!lease.IsAcquired)
        {
            await OpenAIError.WriteAsync(context, StatusCodes.Status503ServiceUnavailable,
                "The upstream model server is at capacity; retry shortly.", OpenAIError.UpstreamError, null, "upstream_overloaded",
                new KeyValuePair<string, string>("Retry-After", "1")).ConfigureAwait(false);
            return;
        }

        await next(context).ConfigureAwait(false);
    }
}
