using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Gateway.Tests.Infrastructure;

/// <summary>An in-test upstream on a loopback port whose answers the test writes (vLLM's wire format by hand).</summary>
public sealed class FakeUpstream : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeUpstream(WebApplication app, ConcurrentQueue<string> bodies)
    {
        _app = app;
        Bodies = bodies;
        Address = new Uri(app.Urls.First());
    }

    public Uri Address { get; }

    /// <summary>Bodies received on POST requests, in order.</summary>
    public ConcurrentQueue<string> Bodies { get; }

    public static async Task<FakeUpstream> StartAsync(RequestDelegate handler)
    {
        var builder = WebApplication.CreateSlimBuilder(["--urls", "http://127.0.0.1:0"]);
        var app = builder.Build();
        var bodies = new ConcurrentQueue<string>();
        app.Run(async context =>
        {
            // vLLM's health endpoint, for YARP's active checks; everything else is the test's.
            if (HttpMethods.IsGet(context.Request.Method) && context.Request.Path == "/health")
            {
                return;
            }

            if (HttpMethods.IsPost(context.Request.Method))
            {
                using var reader = new StreamReader(context.Request.Body);
                var body = await reader.ReadToEndAsync(context.RequestAborted);
                bodies.Enqueue(body);
                context.Items["body"] = body;
            }

            await handler(context);
        });
        await app.StartAsync();
        return new FakeUpstream(app, bodies);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
