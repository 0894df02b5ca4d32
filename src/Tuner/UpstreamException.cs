namespace Gateway.Tuner;

/// <summary>The endpoint is unreachable or does not answer like an OpenAI-compatible server: exit code 3.</summary>
public sealed class UpstreamException(string message, Exception? inner = null) : Exception(message, inner);
