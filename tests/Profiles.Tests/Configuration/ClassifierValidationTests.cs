using FluentValidation;
using Gateway.Profiles.Classification;
using Gateway.Profiles.Configuration;

namespace Gateway.Profiles.Tests.Configuration;

/// <summary>Invalid classifier config is refused like an invalid profile, naming the configuration key.</summary>
public sealed class ClassifierValidationTests
{
    private static List<string> Errors(ClassifierOptions classifier) =>
        [.. new GatewayOptionsValidator().Validate(Options.With(classifier)).Errors.Select(e => e.ErrorMessage)];

    [Fact]
    public void Valid_config_passes()
    {
        Assert.Empty(Errors(new ClassifierOptions
        {
            Signals = new(StringComparer.OrdinalIgnoreCase) { ["house"] = new() { Task = "code", Terms = ["zorblax"] } },
            Rules = [new ClassifierRuleOptions { Name = "coder", Task = "code", Model = "*coder*" }],
            Shadow = new ClassifierOptions { TopicFactor = 0.8 },
        }));
    }

    [Fact]
    public void A_rule_with_an_unknown_task_is_refused_by_key()
    {
        var errors = Errors(new ClassifierOptions { Rules = [new ClassifierRuleOptions { Name = "r", Task = "poetry", Model = "m" }] });
        Assert.Contains(errors, e => e.StartsWith("Gateway:Classifier:Rules:0:Task ", StringComparison.Ordinal) && e.Contains("poetry", StringComparison.Ordinal));
    }

    [Fact]
    public void A_rule_that_matches_nothing_or_has_a_middle_star_is_refused()
    {
        var errors = Errors(new ClassifierOptions
        {
            Rules =
            [
                new ClassifierRuleOptions { Name = "empty", Task = "code" },
                new ClassifierRuleOptions { Name = "star", Task = "code", Model = "qwen*coder" },
            ],
        });
        Assert.Contains(errors, e => e.StartsWith("Gateway:Classifier:Rules:0 ", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Gateway:Classifier:Rules:1:Model ", StringComparison.Ordinal));
    }

    [Fact]
    public void A_term_without_letters_or_with_a_middle_star_is_refused_by_key()
    {
        var errors = Errors(new ClassifierOptions
        {
            Signals = new(StringComparer.OrdinalIgnoreCase) { ["summarize"] = new() { ExtraTerms = ["ok", "--", "sum*mary"] } },
        });
        Assert.Contains(errors, e => e.StartsWith("Gateway:Classifier:Signals:summarize:ExtraTerms:1 ", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Gateway:Classifier:Signals:summarize:ExtraTerms:2 ", StringComparison.Ordinal));
        Assert.DoesNotContain(errors, e => e.Contains("ExtraTerms:0", StringComparison.Ordinal));
    }

    [Fact]
    public void A_new_signal_needs_a_task_and_terms()
    {
        var errors = Errors(new ClassifierOptions
        {
            Signals = new(StringComparer.OrdinalIgnoreCase) { ["house"] = new() { Task = "banana" } },
        });
        Assert.Contains(errors, e => e.StartsWith("Gateway:Classifier:Signals:house:Task ", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Gateway:Classifier:Signals:house:Terms ", StringComparison.Ordinal));
    }

    [Fact]
    public void Out_of_range_numbers_and_tasks_are_refused_by_key()
    {
        var errors = Errors(new ClassifierOptions
        {
            TopicFactor = 2,
            TieOrder = ["code", "prose"],
            StructureWeights = new(StringComparer.OrdinalIgnoreCase) { ["emoji"] = 1 },
        });
        Assert.Contains(errors, e => e.StartsWith("Gateway:Classifier:TopicFactor ", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Gateway:Classifier:TieOrder:1 ", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Gateway:Classifier:StructureWeights:emoji ", StringComparison.Ordinal));
    }

    [Fact]
    public void The_shadow_rule_set_is_validated_under_its_own_keys()
    {
        var errors = Errors(new ClassifierOptions
        {
            Shadow = new ClassifierOptions
            {
                Rules = [new ClassifierRuleOptions { Name = "r", Task = "prose", Header = "x-app" }],
                Shadow = new ClassifierOptions(),
            },
        });
        Assert.Contains(errors, e => e.StartsWith("Gateway:Classifier:Shadow:Rules:0:Task ", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Gateway:Classifier:Shadow:Shadow ", StringComparison.Ordinal));
    }

    [Fact]
    public void The_policy_refuses_invalid_rules()
    {
        var options = Options.With(new ClassifierOptions { Rules = [new ClassifierRuleOptions { Name = "r", Task = "poetry", Model = "m" }] });
        var thrown = Assert.Throws<ValidationException>(() => GatewayPolicy.Create(options));
        Assert.Contains("Gateway:Classifier:Rules:0:Task", thrown.Message, StringComparison.Ordinal);
    }
}
