using System.Globalization;
using System.Threading.RateLimiting;
using Gateway.Configuration;
using Gateway.Errors;
using Gateway.Profiles.Configuration;

namespace Gateway.Security;

/// <summary>
/// Per-client limits on the OpenAI API: requests per minute and requests in flight, per key (or per address
/// without keys), with per-key overrides. Rebuilt when the configuration changes. Over a limit: 429 with
/// Retry-After, in OpenAI's shape.
/// </summary>
public sealed class ClientRateLimiter : IDisposable
{
    private readonly GatewayPolicyProvider _policies;
    private (GatewayPolicy Policy, PartitionedRateLimiter<ClientIdentity>? Limiter) _current;

    public ClientRateLimiter(GatewayPolicyProvider policies)
    {
        ArgumentNullException.ThrowIfNull(policies);
        _policies = policies;
    }

    public void Dispose() => _current.Limiter?.Dispose();

    internal PartitionedRateLimiter<ClientIdentity>? Current()
    {
        var policy = _policies.Current;
        var current = _current;
        if (ReferenceEquals(current.Policy, policy))
        {
            return current.Limiter;
        }

        lock (_policies)
        {
            if (!ReferenceEquals(_current.Policy, policy))
            {
                var previous = _current.Limiter;
                _current = (policy, Build(policy.Options.RateLimits));
                previous?.Dispose();
            }

            return _current.Limiter;
        }
    }

    private static PartitionedRateLimiter<ClientIdentity>? Build(RateLimitOptions options)
    {
        static int PerMinute(RateLimitOptions o, string? key) =>
            key is not null && o.Keys.TryGetValue(key, out var own) && own.RequestsPerMinute is { } n ? n : o.RequestsPerMinute;

        static int InFlight(RateLimitOptions o, string? key) =>
            key is not null && o.Keys.TryGetValue(key, out var own) && own.ConcurrentRequests is { } n ? n : o.ConcurrentRequests;

        var anyRate = options.RequestsPerMinute > 0 || options.Keys.Values.Any(k => k.RequestsPerMinute > 0);
        var anyConcurrency = options.ConcurrentRequests > 0 || options.Keys.Values.Any(k => k.ConcurrentRequests > 0);
        if (!anyRate && !anyConcurrency)
        {
            return null;
        }

        var rate = PartitionedRateLimiter.Create<ClientIdentity, string>(client => PerMinute(options, client.KeyName) is var perMinute and > 0
            ? RateLimitPartition.GetFixedWindowLimiter(client.Partition, _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = perMinute,
                Window = TimeSpan.FromMinutes(1),
                QueueLimit = 0,
            })
            : RateLimitPartition.GetNoLimiter(client.Partition));
        var concurrency = PartitionedRateLimiter.Create<ClientIdentity, string>(client => InFlight(options, client.KeyName) is var inFlight and > 0
            ? RateLimitPartition.GetConcurrencyLimiter(client.Partition, _ => new ConcurrencyLimiterOptions { PermitLimit = inFlight, QueueLimit = 0 })
            : RateLimitPartition.GetNoLimiter(client.Partition));
        return PartitionedRateLimiter.CreateChained(rate, concurrency);
    }
}

/// <summary>Applies <see cref="ClientRateLimiter"/> to the OpenAI API routes.</summary>
public sealed class ClientRateLimitMiddleware(RequestDelegate next, ClientRateLimiter limits)
{
    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var limiter = limits.Current();
        if (limiter is null || context.Request.Path.StartsWithSegments("/gateway") || context.Features.Get<ClientIdentity>() is not { } client)
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        using var lease = limiter.AttemptAcquire(client);
        if (!lease.IsAcquired)
        {
            var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)) : 1;
            await OpenAIError.WriteAsync(context, StatusCodes.Status429TooManyRequests,
                $"Rate limit reached for {client.KeyName ?? "this client"}; retry after {retryAfter} s.",
                OpenAIError.RateLimitError, null, "rate_limit_exceeded",
                new KeyValuePair<string, string>("Retry-After", retryAfter.ToString(CultureInfo.InvariantCulture))).ConfigureAwait(false);
            return;
        }

        await next(context).ConfigureAwait(false); // the lease, and with it the in-flight slot, lasts the whole request
    }
}
