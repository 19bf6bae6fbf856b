using LnRelay.Node.Chain;
using LnRelay.Node.Network;
using LnRelay.Node.Tests.Switch;
using LnRelay.Tests.Shared;

namespace LnRelay.Node.Tests.Chain;

public sealed class ChainClockTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 21, 9, 0, 0, TimeSpan.Zero);
    private static readonly ChainClock Clock = new(800_000, Start, TimeSpan.FromSeconds(10));

    [Theory]
    [InlineData(-5, 800_000u)]
    [InlineData(0, 800_000u)]
    [InlineData(9.999, 800_000u)]
    [InlineData(10, 800_001u)]
    [InlineData(35, 800_003u)]
    [InlineData(86_400, 808_640u)]
    public void The_height_is_one_block_per_interval_since_the_start(double seconds, uint height)
    {
        Assert.Equal(height, Clock.HeightAt(Start.AddSeconds(seconds)));
    }

    [Theory]
    [InlineData(-5, 10)]
    [InlineData(0, 10)]
    [InlineData(9.5, 10)]
    [InlineData(10, 20)]
    [InlineData(35, 40)]
    public void The_next_block_is_at_the_next_multiple_of_the_interval(double seconds, double next)
    {
        Assert.Equal(Start.AddSeconds(next), Clock.NextBlockAfter(Start.AddSeconds(seconds)));
    }

    [Fact]
    public void The_height_stops_below_where_BOLT_2_expiries_become_times()
    {
        var nearTheEnd = new ChainClock(ChainClock.MaxHeight - 1, Start, TimeSpan.FromSeconds(10));

        Assert.Equal(ChainClock.MaxHeight, nearTheEnd.HeightAt(Start.AddDays(1)));
    }

    [Fact]
    public async Task The_follower_moves_the_switch_at_each_block_and_never_lowers_a_height_set_by_hand()
    {
        var net = SwitchHarness.Line(2);
        var node = net["a"].Switch;
        var time = net.Time;
        var clock = new ChainClock(SwitchHarness.StartHeight, time.GetUtcNow().AddSeconds(-25), TimeSpan.FromSeconds(10));
        using var follower = new ChainFollower(clock, node, time);

        await follower.StartAsync(CancellationToken.None);
        await Eventually.TrueAsync(() => node.BlockHeight == SwitchHarness.StartHeight + 2 && time.NextDueIn is not null, "the follower at the second block, waiting for the next");
        Assert.Equal(TimeSpan.FromSeconds(5), time.NextDueIn);

        time.Advance(TimeSpan.FromSeconds(5));
        await Eventually.TrueAsync(() => node.BlockHeight == SwitchHarness.StartHeight + 3, "the follower at the third block");

        Assert.True(node.TrySetBlockHeight(SwitchHarness.StartHeight + 100));
        time.Advance(TimeSpan.FromSeconds(10));
        await Eventually.TrueAsync(() => time.NextDueIn is not null, "the follower waiting for the next block");
        Assert.Equal(SwitchHarness.StartHeight + 100, node.BlockHeight);

        await follower.StopAsync(CancellationToken.None);
        Assert.Equal(0, time.ActiveTimers);
    }

    [Fact]
    public void A_network_file_with_an_interval_needs_its_start_and_a_sane_interval()
    {
        var errors = new List<string>();
        Assert.Null(NetworkValidator.Validate(File(60, null), errors));
        Assert.Contains(errors, e => e.Contains("chain_started_at", StringComparison.Ordinal));

        errors.Clear();
        Assert.Null(NetworkValidator.Validate(File(ChainClock.MaxBlockIntervalSeconds + 1, Start), errors));
        Assert.Contains(errors, e => e.Contains("block_interval_seconds", StringComparison.Ordinal));

        errors.Clear();
        var moving = NetworkValidator.Validate(File(60, Start), errors);
        Assert.Equal(new ChainClock(800_000, Start, TimeSpan.FromMinutes(1)), moving!.Chain);
        Assert.Null(NetworkValidator.Validate(File(0, null), errors)!.Chain);
    }

    private static NetworkFileDto File(uint interval, DateTimeOffset? start) => new()
    {
        Network = "test",
        BlockHeight = 800_000,
        BlockIntervalSeconds = interval,
        ChainStartedAt = start,
        Nodes = [TestNetworks.Node("alice", 9735), TestNetworks.Node("bob", 9736)],
        Channels = [TestNetworks.Channel("800000x1x0", "alice", "bob", 1_000_000, 600_000)],
    };
}
