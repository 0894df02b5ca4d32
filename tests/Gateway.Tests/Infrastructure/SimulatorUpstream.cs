using System.Text.Json;
using Gateway.Simulator;
using Gateway.Simulator.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Tests.Infrastructure;

/// <summary>The bundled vLLM simulator on a loopback port: a real upstream that records what it received.</summary>
public sealed class SimulatorUpstream : IAsyncDisposable
{
    private readonly WebApplication _app;

    private SimulatorUpstream(WebApplication app)
    {
        _app = app;
        Address = new Uri(app.Urls.First());
    }

    public Uri Address { get; }

    public RequestLog Requests => _app.Services.GetRequiredService<RequestLog>();

    public SimStats Stats => _app.Services.GetRequiredService<SimStats>();

    public static async Task<SimulatorUpstream> StartAsync(Action<SimulatorOptions>? configure = null)
    {
        var app = SimulatorHost.Create(["--urls", "http://127.0.0.1:0"], configure);
        await app.StartAsync();
        return new SimulatorUpstream(app);
    }

    /// <summary>The JSON bodies the upstream received on a path, oldest first.</summary>
    public IReadOnlyList<JsonElement> Bodies(string path) =>
        Requests.Snapshot().Where(r => r.Path == path).Select(r => JsonDocument.Parse(r.Body).RootElement).ToList();

    public JsonElement LastBody(string path) => Bodies(path)[^1];

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
