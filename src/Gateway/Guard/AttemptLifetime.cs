using Microsoft.AspNetCore.Http.Features;

namespace Gateway.Guard;

/// <summary>
/// The request lifetime during one attempt. When vLLM breaks off an answer that is already streaming to the
/// client as SSE, YARP aborts the client connection; this catches that abort so the gateway can end the stream
/// with an error event instead, which SDKs report clearly. Any other abort goes through.
/// </summary>
internal sealed class AttemptLifetime(IHttpRequestLifetimeFeature client, Func<bool> canEndInBand) : IHttpRequestLifetimeFeature
{
    public CancellationToken RequestAborted { get; set; } = client.RequestAborted;

    /// <summary>An abort was asked for and held back.</summary>
    public bool AbortHeld { get; private set; }

    public void Abort()
    {
        if (canEndInBand())
        {
            AbortHeld = true;
            return;
        }

        client.Abort();
    }
}
