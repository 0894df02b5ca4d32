namespace Gateway.Tuner;

/// <summary>Bad arguments or a bad prompt file: exit code 2.</summary>
public sealed class UsageException(string message) : Exception(message);
