using Gateway.Profiles.Guard;

namespace Gateway.Profiles.Tests.Guard;

public sealed class AdaptiveTemperatureTests
{
    private static readonly AdaptiveTemperatureOptions Options = new() { Enabled = true, Step = 0.2, RecoveryStep = 0.1, RecoverAfter = 3, Floor = 0.3 };

    [Fact]
    public void Failures_lower_the_starting_temperature_by_a_step_down_to_the_floor()
    {
        var adaptive = new AdaptiveTemperature(0.9, Options);

        adaptive.RecordFailure();
        Assert.Equal(0.7, adaptive.Current, 6);
        adaptive.RecordFailure();
        adaptive.RecordFailure();
        adaptive.RecordFailure();
        Assert.Equal(0.3, adaptive.Current, 6);
    }

    [Fact]
    public void A_run_of_successes_raises_it_by_the_smaller_step_back_to_the_configured_value_and_no_further()
    {
        var adaptive = new AdaptiveTemperature(0.9, Options);
        adaptive.RecordFailure(); // 0.7

        adaptive.RecordSuccess();
        adaptive.RecordSuccess();
        Assert.Equal(0.7, adaptive.Current, 6); // a run is three
        adaptive.RecordSuccess();
        Assert.Equal(0.8, adaptive.Current, 6);
        for (var i = 0; i < 12; i++)
        {
            adaptive.RecordSuccess();
        }

        Assert.Equal(0.9, adaptive.Current, 6);
    }

    [Fact]
    public void A_failure_breaks_a_run_of_successes()
    {
        var adaptive = new AdaptiveTemperature(0.9, Options);
        adaptive.RecordFailure(); // 0.7
        adaptive.RecordSuccess();
        adaptive.RecordSuccess();
        adaptive.RecordFailure(); // 0.5, and the run starts again
        adaptive.RecordSuccess();
        adaptive.RecordSuccess();

        Assert.Equal(0.5, adaptive.Current, 6);
    }

    [Fact]
    public void The_registry_keeps_state_per_profile_and_resets_it_when_the_profiles_config_changes()
    {
        var registry = new AdaptiveTemperatures();
        var first = registry.For("function_call", 0.9, Options)!;
        first.RecordFailure();

        Assert.Same(first, registry.For("function_call", 0.9, Options));
        Assert.Equal(0.7, registry.Snapshot()["function_call"].Current, 6);

        var changed = registry.For("function_call", 0.8, Options)!;
        Assert.NotSame(first, changed);
        Assert.Equal(0.8, changed.Current, 6);
        Assert.Null(registry.For("chat", 0.8, new AdaptiveTemperatureOptions { Enabled = false }));
    }
}
