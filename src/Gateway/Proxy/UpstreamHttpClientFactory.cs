using Yarp.ReverseProxy.Forwarder;

namespace Gateway.Proxy;

/// <summary>YARP's upstream client with a bounded connect time, so an unreachable vLLM fails fast.</summary>
internal sealed class UpstreamHttpClientFactory(TimeSpan connectTimeout) : ForwarderHttpClientFactory
{
    protected override void ConfigureHandler(ForwarderHttpClientContext context, SocketsHttpHandler handler)
    {
        base.ConfigureHandler(context, handler);
        handler.ConnectTimeout = connectTimeout;
    }
}
