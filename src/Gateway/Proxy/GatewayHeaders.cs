namespace Gateway.Proxy;

/// <summary>The gateway's headers, as DESIGN.md's outside contract names them.</summary>
public static class GatewayHeaders
{
    public const string Task = "x-gateway-task";
    public const string Profile = "x-gateway-profile";
    public const string Attempts = "x-gateway-attempts";
    public const string Validation = "x-gateway-validation";
}

/// <summary>Values of <see cref="GatewayHeaders.Validation"/>.</summary>
public static class ValidationOutcomes
{
    public const string Passed = "passed";
    public const string Failed = "failed";
    public const string Skipped = "skipped";
}
