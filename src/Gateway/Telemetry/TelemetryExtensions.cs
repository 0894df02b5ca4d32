using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Serilog;
using Serilog.Events;
using Serilog.Formatting.Compact;

namespace Gateway.Telemetry;

/// <summary>Service defaults for telemetry, in one place: Serilog logs, OpenTelemetry traces and metrics,
/// Prometheus text on /metrics, OTLP export when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set.</summary>
public static class TelemetryExtensions
{
    public static WebApplicationBuilder AddGatewayTelemetry(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var development = builder.Environment.IsDevelopment();
        builder.Logging.ClearProviders();
        // writeToProviders keeps any ILoggerProvider added after this (tests capture logs that way).
        builder.Services.AddSerilog(
            (services, logger) =>
            {
                ApplyLogLevels(logger, builder.Configuration.GetSection("Logging:LogLevel"));
                logger.ReadFrom.Configuration(builder.Configuration).Enrich.FromLogContext();
                // The console is written from a background worker: a request never waits on the console's lock.
                logger.WriteTo.Async(console =>
                {
                    if (development)
                    {
                        console.Console(outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}");
                    }
                    else
                    {
                        console.Console(new RenderedCompactJsonFormatter());
                    }
                });
            },
            preserveStaticLogger: true, // each host its own logger (tests run several in one process)
            writeToProviders: true);

        builder.Services.AddSingleton<GatewayMetrics>();
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(builder.Configuration["OTEL_SERVICE_NAME"] ?? "gateway"))
            .WithTracing(tracing => tracing
                .AddSource(GatewayTelemetry.SourceName)
                .AddAspNetCoreInstrumentation(o => o.Filter = static context => !IsOwnEndpoint(context.Request.Path)))
            .WithMetrics(metrics => metrics
                .AddMeter(GatewayMetrics.MeterName)
                .AddAspNetCoreInstrumentation()
                .AddPrometheusExporter());
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            telemetry.UseOtlpExporter();
        }

        return builder;
    }

    public static WebApplication MapGatewayTelemetry(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapPrometheusScrapingEndpoint("/metrics");
        return app;
    }

    // Ops keep the familiar Logging:LogLevel section (read at start); without it, Serilog would log every
    // framework event at Information, a per-request cost the hot path cannot afford.
    private static void ApplyLogLevels(LoggerConfiguration logger, IConfigurationSection levels)
    {
        foreach (var level in levels.GetChildren())
        {
            if (!Enum.TryParse<LogLevel>(level.Value, ignoreCase: true, out var parsed))
            {
                continue;
            }

            var serilogLevel = parsed switch
            {
                LogLevel.Trace => LogEventLevel.Verbose,
                LogLevel.Debug => LogEventLevel.Debug,
                LogLevel.Information => LogEventLevel.Information,
                LogLevel.Warning => LogEventLevel.Warning,
                LogLevel.Error => LogEventLevel.Error,
                _ => LogEventLevel.Fatal,
            };
            if (level.Key == "Default")
            {
                logger.MinimumLevel.Is(serilogLevel);
            }
            else
            {
                logger.MinimumLevel.Override(level.Key, serilogLevel);
            }
        }
    }

    // Probes and scrapes would drown the traces that matter.
    private static bool IsOwnEndpoint(PathString path) =>
        path.StartsWithSegments("/metrics") || path.StartsWithSegments("/healthz") || path.StartsWithSegments("/readyz");
}
