using Gateway.Profiles.Guard;

namespace Gateway.Profiles.Tests.Guard;

public sealed class RetryLadderTests
{
    [Fact]
    public void Each_retry_lowers_the_temperature_then_changes_the_seed_at_the_floor_and_the_last_is_constrained()
    {
        var ladder = new RetryLadder(new RetryLadderOptions { MaxAttempts = 4, TemperatureStep = 0.3, TemperatureFloor = 0.2 });

        var first = RetryLadder.First(0.9, seed: null);
        var second = ladder.AfterInvalid(first, duplicate: false);
        var third = ladder.AfterInvalid(second, duplicate: false);
        var fourth = ladder.AfterInvalid(third, duplicate: false);

        Assert.Equal([0.9, 0.6, 0.3, 0.2], new[] { first, second, third, fourth }.Select(p => p.Temperature!.Value));
        Assert.Equal([null, null, null, null], new[] { first, second, third, fourth }.Select(p => p.Seed));
        Assert.Equal([false, false, false, true], new[] { first, second, third, fourth }.Select(p => p.Constrained));

        var fifth = ladder.AfterInvalid(fourth with { Number = 1 }, duplicate: false);
        Assert.Equal(0.2, fifth.Temperature);
        Assert.Equal(1, fifth.Seed); // at the floor the same inputs would give the same answer: the seed moves
    }

    [Fact]
    public void A_factor_multiplies_instead_of_stepping()
    {
        var ladder = new RetryLadder(new RetryLadderOptions { TemperatureFactor = 0.5, TemperatureFloor = 0.1 });

        var second = ladder.AfterInvalid(RetryLadder.First(0.8, 5), duplicate: false);

        Assert.Equal(0.4, second.Temperature);
        Assert.Equal(5, second.Seed);
    }

    [Fact]
    public void An_answer_identical_to_a_failed_one_forces_a_new_seed_even_above_the_floor()
    {
        var ladder = new RetryLadder(new RetryLadderOptions { MaxAttempts = 5 });

        var next = ladder.AfterInvalid(RetryLadder.First(1.0, 41), duplicate: true);

        Assert.Equal(0.8, next.Temperature);
        Assert.Equal(42, next.Seed);
    }

    [Fact]
    public void A_transient_fault_repeats_the_same_inputs_and_reask_comes_only_last()
    {
        var ladder = new RetryLadder(new RetryLadderOptions { MaxAttempts = 2, Reask = true, ConstrainedDecoding = false });
        var first = RetryLadder.First(0.7, 3);

        var again = RetryLadder.AfterTransient(first);
        var last = ladder.AfterInvalid(first, duplicate: false);

        Assert.Equal(first with { Number = 2 }, again);
        Assert.True(last.Reask);
        Assert.False(last.Constrained);
    }

    [Fact]
    public void The_defaults_are_three_attempts_with_constrained_decoding_last()
    {
        var ladder = new RetryLadder(new RetryLadderOptions());

        Assert.Equal(3, ladder.MaxAttempts);
        Assert.True(ladder.ConstrainedDecoding);
        Assert.False(ladder.Reask);
    }
}
