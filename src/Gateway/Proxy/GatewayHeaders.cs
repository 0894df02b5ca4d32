namespace Gateway.Proxy;

/// <summary>The gateway's headers, as DESIGN.md's outside contract names them.</summary>
public static class GatewayHeaders
{
    public const string Task = "x-gateway-task";
    public const string Profile = "x-gateway-profile";
    public const string Attempts = "x-gateway-attempts";
    public const string Validation = "x-gateway-validation";

    /// <summary>Tokens spent on all upstream attempts together (the answer's own usage is the delivered attempt's).</summary>
    public const string TotalTokens = "x-gateway-total-tokens";

    /// <summary>Present ("applied") when the answer passed only after the configured repair.</summary>
    public const string Repair = "x-gateway-repair";
}

/// <summary>Values of <see cref="GatewayHeaders.Validation"/>.</summary>
public static class ValidationOutcomes
{
    public const string Passed = "passed";
    public const string Failed = "failed";
    public const string Skipped = "skipped";
}
