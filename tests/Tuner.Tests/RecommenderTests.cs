using Gateway.Tuner.Sweep;
using static Gateway.Tuner.Tests.ReportTests;

namespace Gateway.Tuner.Tests;

public sealed class RecommenderTests
{
    private static readonly SweepOptions Options = new()
    {
        BaseUrl = new Uri("http://127.0.0.1:8000"), Model = "m",
        Fixed = new FixedParameters { TopP = 0.95, TopK = 20 },
    };

    [Fact]
    public void Structured_task_gets_the_highest_temperature_that_stays_valid()
    {
        var recommendation = Recommender.Recommend([Raw(0.3, 1), Raw(0.7, 1), Raw(1.0, 0.67)], Options);

        var profile = recommendation.Snippet["Gateway"]!["Profiles"]!["function_call"]!;
        Assert.Equal(0.7, profile["Temperature"]!.GetValue<double>());
        Assert.Equal(0.95, profile["TopP"]!.GetValue<double>());
        Assert.Equal(20, profile["TopK"]!.GetValue<double>());
    }

    [Fact]
    public void A_lucky_hot_row_does_not_beat_a_failed_cooler_one()
    {
        var recommendation = Recommender.Recommend([Raw(0.3, 1), Raw(0.7, 0.9), Raw(1.0, 1)], Options);

        Assert.Equal(0.3, recommendation.Snippet["Gateway"]!["Profiles"]!["function_call"]!["Temperature"]!.GetValue<double>());
    }

    [Fact]
    public void Lower_target_allows_a_hotter_temperature()
    {
        var recommendation = Recommender.Recommend([Raw(0.7, 1), Raw(1.0, 0.67), Raw(1.3, 0.33)],
            Options with { TargetValidity = 0.6 });

        Assert.Equal(1.0, recommendation.Snippet["Gateway"]!["Profiles"]!["function_call"]!["Temperature"]!.GetValue<double>());
    }

    [Fact]
    public void No_passing_temperature_proposes_no_profile_and_says_so()
    {
        var recommendation = Recommender.Recommend([Raw(0.3, 0.5)], Options);

        Assert.Empty(recommendation.Snippet["Gateway"]!["Profiles"]!.AsObject());
        Assert.Contains("no temperature met", recommendation.Notes[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Free_text_task_is_judged_by_repetition_and_consistency()
    {
        List<Row> rows = [Raw(0.7, null, 0.5, 0.01, "creative"), Raw(1.0, null, 0.2, 0.05, "creative"), Raw(1.3, null, 0.1, 0.3, "creative")];

        Assert.Equal(1.0, Recommender.Recommend(rows, Options).Snippet["Gateway"]!["Profiles"]!["creative"]!["Temperature"]!.GetValue<double>());
        Assert.Equal(0.7, Recommender.Recommend(rows, Options with { MinConsistency = 0.4 })
            .Snippet["Gateway"]!["Profiles"]!["creative"]!["Temperature"]!.GetValue<double>());
    }
}
