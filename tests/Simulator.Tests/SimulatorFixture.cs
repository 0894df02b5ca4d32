using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Gateway.Simulator.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Simulator.Tests;

/// <summary>Hosts the simulator in-process on an ephemeral loopback port, as the gateway's tests will.</summary>
public sealed class SimulatorFixture : IAsyncLifetime
{
    private WebApplication? _app;

    public HttpClient Client { get; private set; } = null!;

    public WebApplication App => _app ?? throw new InvalidOperationException("Not started.");

    public SimStats Stats => App.Services.GetRequiredService<SimStats>();

    public RequestLog Log => App.Services.GetRequiredService<RequestLog>();

    public async Task InitializeAsync()
    {
        _app = SimulatorHost.Create(["--urls", "http://127.0.0.1:0"]);
        await _app.StartAsync();
        Client = new HttpClient { BaseAddress = new Uri(_app.Urls.First()) };
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    public static StringContent JsonBody(string json) =>
        new(json, Encoding.UTF8, new MediaTypeHeaderValue("application/json"));

    public async Task<(int Status, JsonNode? Body)> PostAsync(
        string path, JsonNode body, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonBody(body.ToJsonString()) };
        foreach (var (name, value) in headers)
        {
            request.Headers.Add(name, value);
        }

        using var response = await Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    public static JsonObject Chat(string userText, double? temperature = null, long? seed = null)
    {
        var body = new JsonObject
        {
            ["model"] = "Qwen/Qwen2.5-7B-Instruct",
            ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = userText }),
        };
        if (temperature is { } t)
        {
            body["temperature"] = t;
        }

        if (seed is { } s)
        {
            body["seed"] = s;
        }

        return body;
    }
}
