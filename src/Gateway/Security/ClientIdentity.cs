namespace Gateway.Security;

/// <summary>Who is calling: the configured name of the key they presented (never the key), or their address
/// when no keys are configured. Read by rate limits, logs, traces and metrics.</summary>
public sealed record ClientIdentity(string? KeyName, string Partition);
