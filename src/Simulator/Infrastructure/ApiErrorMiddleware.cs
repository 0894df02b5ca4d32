namespace Gateway.Simulator.Infrastructure;

/// <summary>Turns ApiException (and unexpected failures) into vLLM error bodies, unless a stream already started.</summary>
public sealed class ApiErrorMiddleware(RequestDelegate next, ILogger<ApiErrorMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (ApiException ex) when (!context.Response.HasStarted)
        {
            await VllmErrors.WriteAsync(context, ex.Status, ex.ErrorType, ex.Message, ex.Param);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; there is nobody left to answer.
        }
        catch (Exception ex) when (!context.Response.HasStarted)
        {
            logger.LogError(ex, "Unhandled simulator failure");
            await VllmErrors.WriteAsync(context, 500, "InternalServerError", ex.Message, param: null);
        }
    }
}
