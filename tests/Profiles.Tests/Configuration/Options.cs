using Gateway.Profiles.Classification;
using Gateway.Profiles.Configuration;
using Gateway.Profiles.Decoding;
using Gateway.Profiles.Tasks;

namespace Gateway.Profiles.Tests.Configuration;

/// <summary>Valid gateway options to start a test from.</summary>
internal static class Options
{
    public static GatewayOptions With(ClassifierOptions classifier) => new()
    {
        Profiles = TaskKinds.Names.ToDictionary(n => n, n => new DecodingProfile { Temperature = 0.5 }, StringComparer.OrdinalIgnoreCase),
        Classifier = classifier,
    };
}
