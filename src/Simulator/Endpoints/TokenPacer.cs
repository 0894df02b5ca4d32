using System.Globalization;

namespace Gateway.Simulator.Endpoints;

/// <summary>Simulates decode speed: Simulator:TokenDelayMs, or x-sim-token-delay-ms per request.</summary>
public sealed class TokenPacer(int delayMs)
{
    public const string DelayHeader = "x-sim-token-delay-ms";

    public int DelayMs => delayMs;

    public static TokenPacer For(HttpContext context, SimulatorOptions options) =>
        int.TryParse(context.Request.Headers[DelayHeader], NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms) && ms >= 0
            ? new TokenPacer(ms)
            : new TokenPacer(options.TokenDelayMs);

    /// <summary>Waits one token's time; also surfaces a client disconnect even when there is no delay.</summary>
    public Task NextTokenAsync(CancellationToken cancellationToken) => WaitAsync(delayMs, cancellationToken);

    /// <summary>Non-streaming answers take as long as streaming all their tokens would.</summary>
    public Task AllTokensAsync(int tokens, CancellationToken cancellationToken) =>
        WaitAsync((long)delayMs * tokens, cancellationToken);

    private static Task WaitAsync(long ms, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ms > 0 ? Task.Delay(TimeSpan.FromMilliseconds(ms), cancellationToken) : Task.CompletedTask;
    }
}
