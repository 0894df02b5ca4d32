using System.Globalization;

namespace Gateway.Simulator.Infrastructure;

/// <summary>
/// Test-only faults driven by headers: x-sim-status fails every request with that status;
/// x-sim-fail-times K + x-sim-fault-key fails only the first K requests carrying the key.
/// </summary>
public sealed class FaultInjectionMiddleware(RequestDelegate next, FaultCounters counters)
{
    public const string StatusHeader = "x-sim-status";
    public const string FailTimesHeader = "x-sim-fail-times";
    public const string FaultKeyHeader = "x-sim-fault-key";

    public async Task InvokeAsync(HttpContext context)
    {
        if (RequestLogMiddleware.IsApiPath(context.Request.Path) && ShouldFail(context, out var status))
        {
            await VllmErrors.WriteAsync(
                context, status, VllmErrors.TypeFor(status), $"Simulated failure (HTTP {status}).", param: null);
            return;
        }

        await next(context);
    }

    private bool ShouldFail(HttpContext context, out int status)
    {
        var headers = context.Request.Headers;
        var explicitStatus = ParseInt(headers[StatusHeader]);
        status = explicitStatus is >= 400 and <= 599 ? explicitStatus.Value : 503;

        var failTimes = ParseInt(headers[FailTimesHeader]);
        if (failTimes is null)
        {
            return explicitStatus is >= 400 and <= 599;
        }

        var key = headers[FaultKeyHeader].ToString();
        return counters.Next(key) <= failTimes.Value;
    }

    private static int? ParseInt(string? value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null;
}
