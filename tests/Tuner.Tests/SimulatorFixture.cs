using Gateway.Simulator;
using Microsoft.AspNetCore.Builder;

namespace Gateway.Tuner.Tests;

/// <summary>The bundled simulator, in-process on an ephemeral loopback port.</summary>
public sealed class SimulatorFixture : IAsyncLifetime
{
    private WebApplication? _app;

    public string Url { get; private set; } = "";

    public async Task InitializeAsync()
    {
        _app = SimulatorHost.Create(["--urls", "http://127.0.0.1:0"]);
        await _app.StartAsync();
        Url = _app.Urls.First();
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
