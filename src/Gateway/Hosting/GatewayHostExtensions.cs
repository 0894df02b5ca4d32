using System.Reflection;
using Gateway.Admin;
using Microsoft.Extensions.Configuration.Json;
using Gateway.Configuration;
using Gateway.Errors;
using Gateway.Profiles.Configuration;
using Gateway.Proxy;
using Gateway.Security;
using Gateway.Telemetry;
using Yarp.ReverseProxy.Forwarder;

namespace Gateway.Hosting;

/// <summary>Composition of the gateway: what Program.cs calls and nothing else.</summary>
public static class GatewayHostExtensions
{
    /// <summary>Environment variable (or <c>--config-file</c>) naming the configuration file to load and watch.</summary>
    public const string ConfigFileVariable = "GATEWAY_CONFIG_FILE";

    /// <summary>
    /// WebApplication's default builder without its watcher on the content root: the default appsettings files
    /// it watches (recursively, a watch per directory) are replaced by <see cref="AddGateway"/>'s own watched file.
    /// </summary>
    public static WebApplicationBuilder CreateGatewayBuilder(WebApplicationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = [.. options.Args ?? [], "--hostBuilder:reloadConfigOnChange=false"],
            EnvironmentName = options.EnvironmentName,
            ApplicationName = options.ApplicationName,
            ContentRootPath = options.ContentRootPath,
            WebRootPath = options.WebRootPath,
        });
    }

    public static WebApplicationBuilder AddGateway(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var configFile = new LastGoodJsonConfigurationSource(ResolveConfigFile(builder));
        ReplaceConfigurationSources(builder, configFile);

        builder.AddGatewayTelemetry();
        var services = builder.Services;
        services.AddSingleton(configFile);
        services.AddSingleton<GatewayPolicyProvider>();
        services.AddSingleton<Profiles.Guard.AdaptiveTemperatures>();
        services.AddSingleton<ClientRateLimiter>();

        var gateway = builder.Configuration.GetSection(GatewayOptions.SectionName);
        var startupOptions = GatewayPolicyProvider.Bind(gateway);
        services.AddSingleton(startupOptions.Upstream);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = startupOptions.Limits.MaxRequestBodyBytes;
            kestrel.Limits.MaxRequestHeadersTotalSize = startupOptions.Limits.MaxRequestHeadersTotalSize;
            kestrel.Limits.MaxRequestHeaderCount = startupOptions.Limits.MaxRequestHeaderCount;
        });

        services.AddSingleton<IForwarderHttpClientFactory>(new UpstreamHttpClientFactory(startupOptions.Upstream.ConnectTimeout));
        services.AddReverseProxy().LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"));
        return builder;
    }

    public static WebApplication MapGateway(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);

        // Resolve now so an invalid configuration stops the start, naming the keys to fix.
        var policies = app.Services.GetRequiredService<GatewayPolicyProvider>();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Gateway.Configuration");
        var configFile = app.Services.GetRequiredService<LastGoodJsonConfigurationSource>();
        configFile.ReloadFailed += (path, ex) => HostLog.ConfigFileUnreadable(logger, ex, path);
        HostLog.ConfigLoaded(logger, policies.Current.Version, configFile.Path);

        // A bug of the gateway's own still answers in OpenAI's shape (the exception is logged by the handler).
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            ExceptionHandler = static context => OpenAIError.WriteAsync(context, StatusCodes.Status500InternalServerError,
                "The gateway failed to handle the request.", "server_error", null, "internal_error"),
        });
        app.UseMiddleware<ApiKeyMiddleware>();
        app.UseMiddleware<ClientRateLimitMiddleware>();
        app.MapGatewayEndpoints();
        app.MapGatewayTelemetry();
        app.MapReverseProxy(proxy =>
        {
            proxy.UseMiddleware<UpstreamErrorMiddleware>();
            proxy.UseMiddleware<DecodingProfileStep>();
            proxy.UseSessionAffinity();
            proxy.UseLoadBalancing();
            proxy.UseMiddleware<DestinationConcurrencyStep>();
            proxy.UsePassiveHealthChecks();
        });
        app.MapFallback(static context => OpenAIError.WriteAsync(
            context, StatusCodes.Status404NotFound, $"No route for {context.Request.Method} {context.Request.Path}.", OpenAIError.NotFound, null, "not_found"));
        return app;
    }

    // Config comes from one JSON file (the repository's appsettings.json by default) in place of the
    // content root's appsettings files; the environment (Gateway__Profiles__chat__Temperature) and the
    // command line still override it.
    private static void ReplaceConfigurationSources(WebApplicationBuilder builder, LastGoodJsonConfigurationSource configFile)
    {
        var sources = builder.Configuration.Sources;
        for (var i = sources.Count - 1; i >= 0; i--)
        {
            if (sources[i] is JsonConfigurationSource)
            {
                sources.RemoveAt(i);
            }
        }

        sources.Insert(0, configFile);
    }

    private static string ResolveConfigFile(WebApplicationBuilder builder)
    {
        var explicitFile = builder.Configuration["config-file"] ?? Environment.GetEnvironmentVariable(ConfigFileVariable);
        if (!string.IsNullOrEmpty(explicitFile))
        {
            return explicitFile;
        }

        // In development the repository's file itself, so that editing it reloads the running gateway.
        var repositoryFile = typeof(GatewayHostExtensions).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "RepositoryConfigFile")?.Value;
        if (builder.Environment.IsDevelopment() && File.Exists(repositoryFile))
        {
            return repositoryFile;
        }

        return Path.Combine(AppContext.BaseDirectory, "appsettings.json");
    }
}

internal static partial class HostLog
{
    [LoggerMessage(EventId = 1000, Level = LogLevel.Information, Message = "Gateway configuration version {Version} loaded from {Path}.")]
    public static partial void ConfigLoaded(ILogger logger, long version, string path);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Error, Message = "Configuration file {Path} could not be read; the last good configuration stays in force.")]
    public static partial void ConfigFileUnreadable(ILogger logger, Exception exception, string path);
}
