using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Serilog;
using Serilog.Configuration;
using Serilog.Events;
using Serilog.Formatting;
using Serilog.Formatting.Compact;
using Serilog.Formatting.Display;

namespace Gateway.Telemetry;

/// <summary>Service defaults for telemetry, in one place: Serilog logs, OpenTelemetry metrics with Prometheus text
/// on /metrics, and, when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set, traces and OTLP export of all three.</summary>
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
                // A request only enqueues its events; a background worker writes them to the console in batches.
                ITextFormatter formatter = development
                    ? new MessageTemplateTextFormatter("[{Timestamp:HH:mm:ss} {Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}")
                    : new RenderedCompactJsonFormatter();
                logger.WriteTo.Sink(
                    new BatchedConsoleSink(formatter, Console.OpenStandardOutput()),
                    new BatchingOptions { BatchSizeLimit = 1000, BufferingTimeLimit = TimeSpan.FromMilliseconds(100), QueueLimit = 100_000 });
            },
            preserveStaticLogger: true, // each host its own logger (tests run several in one process)
            writeToProviders: true);

        builder.Services.AddSingleton<GatewayMetrics>();
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(builder.Configuration["OTEL_SERVICE_NAME"] ?? "gateway"))
            .WithMetrics(metrics => metrics
                .AddMeter(GatewayMetrics.MeterName)
                .AddAspNetCoreInstrumentation()
                .AddPrometheusExporter());
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            // Spans are recorded only when they go somewhere: recording them costs about a fifth of a proxied
            // request's CPU (docs/performance.md). Sampling follows OTEL_TRACES_SAMPLER and OTEL_TRACES_SAMPLER_ARG.
            builder.Services.AddGatewayTracing();
            telemetry.UseOtlpExporter();
        }

        return builder;
    }

    /// <summary>Records the gateway's spans, under ASP.NET Core's server span, on the tracer provider.</summary>
    internal static IServiceCollection AddGatewayTracing(this IServiceCollection services)
    {
        services.AddOpenTelemetry().WithTracing(static tracing => tracing
            .AddSource(GatewayTelemetry.SourceName)
            .AddAspNetCoreInstrumentation(static o => o.Filter = static context => !IsOwnEndpoint(context.Request.Path)));
        return services;
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
