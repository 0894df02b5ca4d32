using Gateway.Simulator.Infrastructure;

namespace Gateway.Simulator.Endpoints;

/// <summary>Wraps one accepted generation so /sim/stats counts it as completed or cancelled by the client.</summary>
public static class GenerationRun
{
    public static async Task RunAsync(HttpContext context, SimStats stats, Func<CancellationToken, Task> work)
    {
        var aborted = context.RequestAborted;
        stats.RequestStarted();
        try
        {
            await work(aborted);
        }
        catch (Exception ex) when (aborted.IsCancellationRequested && ex is OperationCanceledException or IOException)
        {
            // Generation stops here, as vLLM aborts the request when the client disconnects.
            stats.RequestCancelled();
            return;
        }

        stats.RequestCompleted();
    }
}
