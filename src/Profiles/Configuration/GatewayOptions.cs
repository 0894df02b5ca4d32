using Gateway.Profiles.Classification;
using Gateway.Profiles.Decoding;

namespace Gateway.Profiles.Configuration;

/// <summary>The <c>Gateway</c> configuration section: what hot reload replaces as one snapshot.</summary>
public sealed record GatewayOptions
{
    public const string SectionName = "Gateway";

    /// <summary>One profile per task, keyed by task name.</summary>
    public Dictionary<string, DecodingProfile> Profiles { get; init; } = new(StringComparer.OrdinalIgnoreCase);

    public ClassifierOptions Classifier { get; init; } = new();

    /// <summary>Whether a client's <c>x-gateway-task</c> header may force the task.</summary>
    public bool AllowTaskHeader { get; init; } = true;

    public LimitsOptions Limits { get; init; } = new();

    public UpstreamOptions Upstream { get; init; } = new();

    public Guard.GuardOptions Guard { get; init; } = new();

    public TelemetryOptions Telemetry { get; init; } = new();

    public AuthOptions Auth { get; init; } = new();

    public RateLimitOptions RateLimits { get; init; } = new();
}

/// <summary>Who may call: keys by name, each the SHA-256 (hex) of the key itself, never the key.</summary>
public sealed record AuthOptions
{
    /// <summary>Client keys for <c>/v1/*</c>; when any is configured, every client needs one.</summary>
    public Dictionary<string, string> ApiKeys { get; init; } = new(StringComparer.Ordinal);

    /// <summary>Admin keys for <c>/gateway/*</c>; when any is configured, a client key is refused there.</summary>
    public Dictionary<string, string> AdminKeys { get; init; } = new(StringComparer.Ordinal);
}

/// <summary>Per-client limits, so one client cannot starve the others. Zero means no limit.</summary>
public sealed record RateLimitOptions
{
    /// <summary>Requests per minute for each client key (or, without keys, each client address).</summary>
    public int RequestsPerMinute { get; init; }

    /// <summary>Requests in flight to vLLM at once, for each client key (or address).</summary>
    public int ConcurrentRequests { get; init; }

    /// <summary>Overrides for a named key.</summary>
    public Dictionary<string, KeyRateLimit> Keys { get; init; } = new(StringComparer.Ordinal);
}

/// <summary>One key's own limits; unset fields take the defaults of <see cref="RateLimitOptions"/>.</summary>
public sealed record KeyRateLimit
{
    public int? RequestsPerMinute { get; init; }

    public int? ConcurrentRequests { get; init; }
}

/// <summary>What telemetry may contain beyond the decision.</summary>
public sealed record TelemetryOptions
{
    /// <summary>Opt-in: prompts and answers go on spans (<c>gen_ai.input.messages</c>, <c>gen_ai.output.messages</c>)
    /// and in the summary log line, truncated. Off by default: telemetry then holds no prompt or answer text.</summary>
    public bool CaptureContent { get; init; }

    /// <summary>How many chars of captured content are kept.</summary>
    public int ContentMaxChars { get; init; } = 2000;
}

/// <summary>How the gateway reaches vLLM (destinations themselves are YARP's <c>ReverseProxy</c> section).</summary>
public sealed record UpstreamOptions
{
    /// <summary>How long to wait for a TCP connection, so an unreachable server fails fast. Read at start.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long vLLM may take before the first byte of its answer (a non-streamed answer comes whole,
    /// so this bounds its whole generation); then the attempt counts as timed out (504 when none is left).</summary>
    public TimeSpan TimeToFirstByte { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How long one request may take in all, attempts and streaming included.</summary>
    public TimeSpan TotalTimeout { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>Sent to vLLM as <c>Authorization: Bearer</c> (vLLM's <c>--api-key</c>); the client's own
    /// Authorization header then never reaches vLLM.</summary>
    public string? ApiKey { get; init; }

    /// <summary>Requests in flight to each vLLM destination at once (0: no bound). Read at start.</summary>
    public int MaxConcurrentPerDestination { get; init; } = 256;

    /// <summary>Requests that may wait for a slot on a destination; beyond, 503 at once. Read at start.</summary>
    public int QueueLimit { get; init; } = 512;
}

/// <summary>Bounds on what a client may send.</summary>
public sealed record LimitsOptions
{
    /// <summary>Default 8 MiB: a 128k-token prompt is about 0.5 MB of English, up to 3 MB of escaped CJK.</summary>
    public long MaxRequestBodyBytes { get; init; } = 8 * 1024 * 1024;

    /// <summary>Total size of a request's headers (Kestrel's limit, read at start).</summary>
    public int MaxRequestHeadersTotalSize { get; init; } = 32 * 1024;

    /// <summary>Number of request headers (Kestrel's limit, read at start).</summary>
    public int MaxRequestHeaderCount { get; init; } = 100;
}
