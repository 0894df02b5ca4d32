using Gateway.Simulator.Endpoints;
using Gateway.Simulator.Generation;
using Gateway.Simulator.Infrastructure;

namespace Gateway.Simulator;

/// <summary>Builds the simulator app; shared by Program.cs and in-process test hosts.</summary>
public static class SimulatorHost
{
    /// <summary>vLLM's default bind, used when neither --urls nor ASPNETCORE_URLS is given.</summary>
    public const string DefaultUrl = "http://127.0.0.1:8000";

    public static WebApplication Create(string[] args, Action<SimulatorOptions>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        if (string.IsNullOrEmpty(builder.Configuration["urls"]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        // Per-request framework logs are noise for a test double and slow down load tests.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);

        var options = new SimulatorOptions();
        builder.Configuration.GetSection(SimulatorOptions.SectionName).Bind(options);
        configure?.Invoke(options);
        Validate(options);

        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<RequestLog>();
        builder.Services.AddSingleton<SimStats>();
        builder.Services.AddSingleton<FaultCounters>();
        builder.Services.AddSingleton(new ProcessRandom(options.Seed));
        builder.Services.AddSingleton<AnswerPlanner>();

        var app = builder.Build();
        app.UseMiddleware<ApiErrorMiddleware>();
        app.UseMiddleware<RequestLogMiddleware>();
        app.UseMiddleware<FaultInjectionMiddleware>();

        app.MapModelEndpoints();
        app.MapChatCompletions();
        app.MapCompletions();
        app.MapEmbeddings();
        app.MapTokenize();
        app.MapSimControl();
        return app;
    }

    private static void Validate(SimulatorOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.Model))
        {
            throw new InvalidOperationException("Simulator:Model must not be empty.");
        }

        if (options.TokenDelayMs < 0 || options.MaxModelLen < 1)
        {
            throw new InvalidOperationException("Simulator:TokenDelayMs must be >= 0 and Simulator:MaxModelLen >= 1.");
        }
    }
}
