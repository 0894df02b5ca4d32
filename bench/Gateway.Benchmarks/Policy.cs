using Gateway.Profiles.Configuration;
using Microsoft.Extensions.Configuration;

namespace Gateway.Benchmarks;

/// <summary>The policy the gateway builds at start, from the repository's appsettings.json "Gateway" section.</summary>
internal static class Policy
{
    public static GatewayPolicy FromRepositoryConfig()
    {
        var configuration = new ConfigurationBuilder().AddJsonFile(FindConfigFile(), optional: false, reloadOnChange: false).Build();
        var options = configuration.GetSection(GatewayOptions.SectionName).Get<GatewayOptions>(o => o.ErrorOnUnknownConfiguration = true)
            ?? throw new InvalidOperationException("No Gateway section in appsettings.json.");
        return GatewayPolicy.Create(options);
    }

    // The repository's file when run from a checkout (BenchmarkDotNet runs from a generated folder under bin/),
    // else the copy beside the binary.
    private static string FindConfigFile()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Gateway.sln")) && File.Exists(Path.Combine(dir.FullName, "appsettings.json")))
            {
                return Path.Combine(dir.FullName, "appsettings.json");
            }
        }

        return Path.Combine(AppContext.BaseDirectory, "appsettings.json");
    }
}
