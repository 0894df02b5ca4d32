namespace Gateway.Simulator.Infrastructure;

/// <summary>One request as it reached the simulator, so tests can assert what the gateway forwarded.</summary>
public sealed record RecordedRequest(
    string Method,
    string Path,
    IReadOnlyDictionary<string, string> Headers,
    string Body,
    DateTimeOffset ReceivedAt);
