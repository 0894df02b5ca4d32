using Gateway.Profiles.Classification;
using Gateway.Profiles.Configuration;
using Gateway.Profiles.Tasks;
using Gateway.Profiles.Tests.Requests;

namespace Gateway.Profiles.Tests.Configuration;

public sealed class ShadowClassifierTests
{
    private static readonly GatewayPolicy WithShadow = GatewayPolicy.Create(Options.With(new ClassifierOptions
    {
        // The shadow sees "eulogy" as creative; the active rules do not know the word.
        Shadow = new ClassifierOptions
        {
            Signals = new(StringComparer.OrdinalIgnoreCase) { ["creative_writing"] = new() { ExtraTerms = ["eulogy"] } },
        },
    }));

    [Fact]
    public void The_shadow_classifies_beside_the_active_rules_and_decides_nothing()
    {
        using var request = Bodies.User("A eulogy for my grandfather, please.");
        var decision = WithShadow.Decide(request, null, forcedTask: null);
        Assert.Equal(TaskKind.Chat, decision.Classification.Task);
        Assert.Equal("chat", decision.Profile.Name);
        Assert.Equal(TaskKind.Creative, decision.Shadow?.Task);
        Assert.True(decision.ShadowDisagrees);
    }

    [Fact]
    public void Agreement_is_not_a_disagreement()
    {
        using var request = Bodies.User("Write a short poem.");
        var decision = WithShadow.Decide(request, null, forcedTask: null);
        Assert.Equal(TaskKind.Creative, decision.Shadow?.Task);
        Assert.False(decision.ShadowDisagrees);
    }

    [Fact]
    public void No_shadow_when_none_is_configured_or_the_task_is_forced()
    {
        using var request = Bodies.User("A eulogy for my grandfather, please.");
        var plain = GatewayPolicy.Create(Options.With(new ClassifierOptions()));
        Assert.Null(plain.ShadowClassifier);
        Assert.Null(plain.Decide(request, null, forcedTask: null).Shadow);
        var forced = WithShadow.Decide(request, null, forcedTask: TaskKind.Code);
        Assert.Equal(TaskKind.Code, forced.Classification.Task);
        Assert.Null(forced.Shadow);
        Assert.False(forced.ShadowDisagrees);
    }
}
