using LnRelay.Orchestrator.Bench;
using LnRelay.Orchestrator.Hosting;

namespace LnRelay.Orchestrator.Tests;

/// <summary>How <c>bench network --processes</c> splits nodes over child processes, against the open-file limit.</summary>
public sealed class ShardPlanTests
{
    /// <summary>A line of <paramref name="count"/> nodes: every node but the ends has two channel ends.</summary>
    private static (List<string> Nodes, List<(string, string)> Channels) Line(int count)
    {
        var nodes = Enumerable.Range(0, count).Select(i => $"n{i}").ToList();
        return (nodes, [.. Enumerable.Range(1, count - 1).Select(i => (nodes[i - 1], nodes[i]))]);
    }

    [Fact]
    public void Explicit_ConsecutiveRangesAsEvenAsTheyGo_CoveringEveryNodeOnce()
    {
        var (nodes, channels) = Line(10);

        var plan = ShardPlan.Make(nodes, channels, 3, durable: true, hardLimit: 20_000, out var error)!;

        Assert.Null(error);
        Assert.Equal([(0, 4), (4, 3), (7, 3)], plan.Shards.Select(s => (s.First, s.Count)));
        Assert.Equal(0, plan.ShardOf(3));
        Assert.Equal(1, plan.ShardOf(4));
        Assert.Equal(2, plan.ShardOf(9));
        // Shard 1 (n0..n3) holds 7 channel ends; a durable node 5 files; 200 for the process.
        Assert.Equal(FileLimits.ProcessBase + (4 * 5) + 7, plan.Shards[0].FilesNeeded);
    }

    [Fact]
    public void Auto_TakesTheFewestProcessesWhoseEveryShardFitsTheHardLimit_AndSaysWhy()
    {
        var (nodes, channels) = Line(1000);
        // One process: 200 + 1000 x 5 + 1998 = 7,198 files.
        var plan = ShardPlan.Make(nodes, channels, ShardPlan.Auto, durable: true, hardLimit: 3_000, out var error)!;

        Assert.Null(error);
        Assert.Equal(3, plan.Processes);
        Assert.All(plan.Shards, s => Assert.True(s.FilesNeeded <= 3_000));
        Assert.Contains("7,198", plan.Reason, StringComparison.Ordinal);
        Assert.Contains("3 processes", plan.Reason, StringComparison.Ordinal);

        var one = ShardPlan.Make(nodes, channels, ShardPlan.Auto, durable: true, hardLimit: 20_000, out _)!;
        Assert.Equal(1, one.Processes);
    }

    [Fact]
    public void Explicit_ShardTooLargeForTheLimit_RefusedWithTheFix()
    {
        var (nodes, channels) = Line(1000);

        Assert.Null(ShardPlan.Make(nodes, channels, 2, durable: true, hardLimit: 3_000, out var error));
        Assert.Contains("--processes auto", error, StringComparison.Ordinal);
        Assert.Equal(11, ShardPlan.Make(nodes, channels, 11, durable: true, hardLimit: null, out _)!.Processes);
        Assert.Null(ShardPlan.Make(nodes[..5], channels[..4], 6, durable: true, hardLimit: null, out error));
        Assert.Contains("at most one process per node", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("65")]
    [InlineData("many")]
    public void Option_OutOfRange_IsAUsageErrorThatSaysWhatIsAccepted(string text)
    {
        var e = Assert.Throws<UsageException>(() => ShardPlan.ParseOption(text, viaApi: false));
        Assert.Contains("'auto'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Option_WithViaApi_IsRefused()
    {
        Assert.Throws<UsageException>(() => ShardPlan.ParseOption("2", viaApi: true));
        Assert.Equal(ShardPlan.Auto, ShardPlan.ParseOption("auto", viaApi: false));
        Assert.Null(ShardPlan.ParseOption(null, viaApi: true));
    }
}
