using LnRelay.Node.Store;
using LnRelay.Orchestrator.Bench;

namespace LnRelay.Orchestrator.Tests;

/// <summary><c>bench network --sync full|normal</c> (docs/store.md "What a commit survives"): full unless asked.</summary>
public sealed class BenchSyncOptionTests
{
    [Theory]
    [InlineData("full", StoreSynchronous.Full)]
    [InlineData("normal", StoreSynchronous.Normal)]
    [InlineData("Normal", StoreSynchronous.Normal)]
    public void Sync_names_the_level_the_durable_nodes_run_at(string text, StoreSynchronous level) =>
        Assert.Equal(level, BenchNetworkOptions.ParseSync(text));

    [Fact]
    public void The_benchmark_measures_nodes_as_they_run_by_default() =>
        Assert.Equal(StoreSynchronous.Full, BenchNetworkOptions.Create(null, 100, 8, "max", 0, 1, viaApi: false, output: null, json: false, blockEvery: 200).Sync);

    [Theory]
    [InlineData("off")]
    [InlineData("")]
    public void Another_level_is_refused_naming_both(string text)
    {
        var e = Assert.Throws<UsageException>(() => BenchNetworkOptions.ParseSync(text));
        Assert.Contains("--sync: full", e.Message, StringComparison.Ordinal);
        Assert.Contains("normal", e.Message, StringComparison.Ordinal);
    }
}
