using System.Text.Json.Nodes;
using Gateway.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gateway.Tests.Infrastructure;

/// <summary>
/// The real gateway (the same AddGateway/MapGateway that Program.cs composes) on Kestrel on a loopback port,
/// configured from its own copy of the repository's appsettings.json so a test can edit it live.
/// </summary>
public sealed class GatewayHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private GatewayHost(WebApplication app, string configFile, LogCapture logs)
    {
        _app = app;
        ConfigFile = configFile;
        Logs = logs;
        BaseAddress = new Uri(app.Urls.First());
        Http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Uri BaseAddress { get; }

    /// <summary>The OpenAI SDK's endpoint: the gateway's /v1.</summary>
    public Uri OpenAIEndpoint => new(BaseAddress, "/v1");

    public string ConfigFile { get; }

    public LogCapture Logs { get; }

    public HttpClient Http { get; }

    public IServiceProvider Services => _app.Services;

    /// <param name="upstreams">Destination addresses of the vllm cluster.</param>
    /// <param name="configure">Edits the copy of appsettings.json before the gateway starts.</param>
    /// <param name="args">Further command-line settings (they override the file, as in production).</param>
    public static async Task<GatewayHost> StartAsync(IEnumerable<Uri> upstreams, Action<JsonObject>? configure = null, params string[] args) =>
        await StartAsync(upstreams, configure, configureServices: null, args);

    /// <param name="configureServices">Adds test services (an in-memory trace exporter, say).</param>
    public static async Task<GatewayHost> StartAsync(IEnumerable<Uri> upstreams, Action<JsonObject>? configure, Action<IServiceCollection>? configureServices, params string[] args)
    {
        var config = RepositoryConfig.Load();
        var destinations = new JsonObject();
        var index = 0;
        foreach (var upstream in upstreams)
        {
            destinations[index++ == 0 ? "primary" : $"replica{index}"] = new JsonObject { ["Address"] = upstream.ToString() };
        }

        var cluster = config["ReverseProxy"]!["Clusters"]!["vllm"]!.AsObject();
        cluster["Destinations"] = destinations;
        // Active checks every second so tests about health do not wait for the production interval.
        cluster["HealthCheck"]!["Active"]!["Interval"] = "00:00:01";
        configure?.Invoke(config);

        var directory = Directory.CreateTempSubdirectory("gateway-test-");
        var configFile = Path.Combine(directory.FullName, "appsettings.json");
        await File.WriteAllTextAsync(configFile, config.ToJsonString());

        var logs = new LogCapture();
        var builder = GatewayHostExtensions.CreateGatewayBuilder(new WebApplicationOptions
        {
            Args = ["--urls", "http://127.0.0.1:0", "--config-file", configFile, .. args],
            EnvironmentName = "Testing",
            ContentRootPath = directory.FullName,
        });
        builder.AddGateway();
        builder.Logging.AddProvider(logs); // after AddGateway, which hands logging to Serilog
        configureServices?.Invoke(builder.Services);
        var app = builder.Build();
        app.MapGateway();
        await app.StartAsync();
        return new GatewayHost(app, configFile, logs);
    }

    public static Task<GatewayHost> StartAsync(Uri upstream, Action<JsonObject>? configure = null, params string[] args) =>
        StartAsync([upstream], configure, args);

    /// <summary>Rewrites the live config file with an edit and waits until the gateway reports the outcome
    /// (a new version in /gateway/profiles, or a refusal in its log).</summary>
    public async Task EditConfigAsync(Action<JsonObject> edit)
    {
        var config = JsonNode.Parse(await File.ReadAllTextAsync(ConfigFile))!.AsObject();
        edit(config);
        await File.WriteAllTextAsync(ConfigFile, config.ToJsonString());
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        try
        {
            Directory.Delete(Path.GetDirectoryName(ConfigFile)!, recursive: true);
        }
        catch (IOException)
        {
            // A file watcher may still hold the folder for a moment; the temp folder is cleaned by the OS.
        }
    }
}

/// <summary>The repository's appsettings.json, the documented default configuration.</summary>
public static class RepositoryConfig
{
    public static JsonObject Load()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Gateway.sln")))
        {
            directory = directory.Parent;
        }

        var path = directory is null
            ? Path.Combine(AppContext.BaseDirectory, "appsettings.json")
            : Path.Combine(directory.FullName, "appsettings.json");
        return JsonNode.Parse(File.ReadAllText(path))!.AsObject();
    }

    /// <summary>A profile's configured value, read from the file rather than from the code under test.</summary>
    public static double ProfileValue(string task, string field) =>
        Load()["Gateway"]!["Profiles"]![task]![field]!.GetValue<double>();
}
