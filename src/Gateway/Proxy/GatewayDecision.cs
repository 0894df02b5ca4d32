using Gateway.Profiles.Classification;
using Gateway.Profiles.Decoding;
using Gateway.Profiles.Requests;

namespace Gateway.Proxy;

/// <summary>What the gateway decided for one request; kept on the HttpContext for logs and telemetry.</summary>
public sealed class GatewayDecision(
    CompletionEndpoint endpoint,
    string? model,
    Classification classification,
    ResolvedProfile profile,
    DecodingParameters clientParameters,
    DecodingParameters effectiveParameters)
{
    public CompletionEndpoint Endpoint { get; } = endpoint;

    public string? Model { get; } = model;

    public Classification Classification { get; } = classification;

    public ResolvedProfile Profile { get; } = profile;

    public DecodingParameters ClientParameters { get; } = clientParameters;

    public DecodingParameters EffectiveParameters { get; set; } = effectiveParameters;

    public int Attempts { get; set; } = 1;

    public string Validation { get; set; } = ValidationOutcomes.Skipped;
}
