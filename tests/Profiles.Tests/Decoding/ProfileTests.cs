using Gateway.Profiles.Decoding;
using Gateway.Profiles.Tasks;

namespace Gateway.Profiles.Tests.Decoding;

public sealed class ProfileTests
{
    private static readonly DecodingParameters Client = new(Temperature: 1.4, TopP: 0.5);

    [Fact]
    public void Default_mode_keeps_the_clients_values_and_fills_the_rest()
    {
        var profile = new DecodingProfile { Mode = ProfileMode.Default, Temperature = 0.3, TopK = 20, MaxTokens = 512 };
        Assert.Equal(new DecodingParameters(Temperature: 1.4, TopP: 0.5, TopK: 20, MaxTokens: 512), ProfilePolicy.Apply(Client, profile));
    }

    [Fact]
    public void Enforce_mode_replaces_the_values_the_profile_states_only()
    {
        var profile = new DecodingProfile { Mode = ProfileMode.Enforce, Temperature = 0.3, TopK = 20 };
        Assert.Equal(new DecodingParameters(Temperature: 0.3, TopP: 0.5, TopK: 20), ProfilePolicy.Apply(Client, profile));
    }

    [Fact]
    public void Bounds_clamp_a_kept_client_value()
    {
        var profile = new DecodingProfile
        {
            Temperature = 0.6,
            Bounds = new ParameterBounds { Temperature = new ParameterRange { Max = 1.0 }, TopP = new ParameterRange { Min = 0.9 } },
        };
        var effective = ProfilePolicy.Apply(Client, profile);
        Assert.Equal(1.0, effective.Temperature);
        Assert.Equal(0.9, effective.TopP);
    }

    [Fact]
    public void Whole_number_fields_are_clamped_and_stay_whole()
    {
        var profile = new DecodingProfile { Bounds = new ParameterBounds { MaxTokens = new ParameterRange { Max = 100 } } };
        Assert.Equal(100, ProfilePolicy.Apply(new DecodingParameters(MaxTokens: 4000), profile).MaxTokens);
    }

    [Fact]
    public void The_catalog_resolves_model_overrides_over_the_task_profile()
    {
        var catalog = new ProfileCatalog(TaskKinds.Names.ToDictionary(
            n => n,
            n => n == "code"
                ? new DecodingProfile { Temperature = 0.6, TopK = 40, Models = new() { ["coder-7b"] = new DecodingProfile { Temperature = 0.2 } } }
                : new DecodingProfile { Temperature = 0.8 }));

        var overridden = catalog.Resolve(TaskKind.Code, "coder-7b");
        Assert.Equal("code@coder-7b", overridden.Name);
        Assert.Equal(0.2, overridden.Profile.Temperature);
        Assert.Equal(40, overridden.Profile.TopK);
        Assert.Equal("code", catalog.Resolve(TaskKind.Code, "other").Name);
        Assert.Equal("code", catalog.Resolve(TaskKind.Code, "CODER-7B").Name);
        Assert.Equal("chat", catalog.Resolve(TaskKind.Chat, "coder-7b").Name);
    }

    [Fact]
    public void The_catalog_needs_every_task()
    {
        var missing = TaskKinds.Names.Where(n => n != "summary").ToDictionary(n => n, _ => new DecodingProfile());
        Assert.Throws<ArgumentException>(() => new ProfileCatalog(missing));
    }
}
