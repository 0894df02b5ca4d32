namespace Gateway.Profiles.Decoding;

/// <summary>Combines the client's decoding values with a profile under the profile's mode and bounds.</summary>
public static class ProfilePolicy
{
    public static DecodingParameters Apply(in DecodingParameters client, DecodingProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var enforce = profile.Mode == ProfileMode.Enforce;
        var bounds = profile.Bounds;
        return new DecodingParameters(
            Pick(client.Temperature, profile.Temperature, bounds?.Temperature, enforce),
            Pick(client.TopP, profile.TopP, bounds?.TopP, enforce),
            PickWhole(client.TopK, profile.TopK, bounds?.TopK, enforce),
            Pick(client.MinP, profile.MinP, bounds?.MinP, enforce),
            Pick(client.FrequencyPenalty, profile.FrequencyPenalty, bounds?.FrequencyPenalty, enforce),
            Pick(client.PresencePenalty, profile.PresencePenalty, bounds?.PresencePenalty, enforce),
            Pick(client.RepetitionPenalty, profile.RepetitionPenalty, bounds?.RepetitionPenalty, enforce),
            PickWhole(client.MaxTokens, profile.MaxTokens, bounds?.MaxTokens, enforce));
    }

    // The client's value wins unless the profile enforces one of its own; a kept client value is clamped.
    private static double? Pick(double? client, double? profile, ParameterRange? bounds, bool enforce) =>
        client is { } value && !(enforce && profile is not null)
            ? bounds?.Clamp(value) ?? value
            : profile;

    private static int? PickWhole(int? client, int? profile, ParameterRange? bounds, bool enforce) =>
        Pick(client, profile, bounds, enforce) is { } value ? (int)Math.Round(value) : null;
}
