using LnRelay.Chain.Keys;
using LnRelay.Node.Payments;
using LnRelay.Orchestrator.Client;
using LnRelay.Orchestrator.Hosting;
using LnRelay.Orchestrator.NetworkSetup;
using LnRelay.Orchestrator.OnChain;
using LnRelay.Orchestrator.Topology;
using LnRelay.Tests.Shared;
using NBitcoin;

namespace LnRelay.Orchestrator.Tests.Network;

/// <summary>
/// The five-node network on its regtest chain, nodes in this process and the chain service
/// beside them (docs/chain.md): heights follow the chain while payments go on, a channel
/// closed mid-run is refused by its ends and routed around by a payer with a stale graph, and
/// a node restarted after blocks were mined without it catches up.
/// </summary>
[Collection(NetworkCollection.Name)]
public sealed class ChainNetworkTests : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Directory.CreateTempSubdirectory("lnrelay-chain-net-").FullName, "net");
    private RunningNetwork _network = null!;
    private NetworkFolder _net = null!;

    public async Task InitializeAsync()
    {
        Assert.True(NetworkSeed.TryParseHex("000102030405060708090a0b0c0d0e0f", out var seed, out _));
        var topology = DefaultTopology.Load(null).Topology! with { BlockIntervalSeconds = 0 };
        Assert.True(NetworkInitializer.Initialize(topology, _folder, force: false, HostStyle.Local, basePort: null, seed).Succeeded);
        _net = NetworkFolder.Load(_folder, out _)!;
        _network = await RunningNetwork.StartAsync(_net, inProcess: true, CancellationToken.None);
        await _network.WaitConnectedAsync(TimeSpan.FromSeconds(60), TextWriter.Null, CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _network.DisposeAsync();
        Directory.Delete(Path.GetDirectoryName(_folder)!, recursive: true);
    }

    private InProcessNode Node(string name) => _network.Nodes.OfType<InProcessNode>().Single(n => n.Name == name);

    private int ChainHeight => _network.Chain!.Service.Chain.Height;

    private Task<PaymentRecord> PayAsync(string from, string to) =>
        PaymentSender.PayAsync(_network.Client, from, to, 100_000, InvoiceTampering.None, CancellationToken.None);

    private Task EveryNodeAtTheChainsHeightAsync(IEnumerable<InProcessNode> nodes) =>
        Eventually.TrueAsync(() => nodes.All(n => n.Runtime.Switch.BlockHeight == (uint)ChainHeight), $"every node at the chain's height {ChainHeight}");

    [Fact]
    public async Task TheChainMovesDuringPayments_EveryNodeFollowsIt_AndExpiriesCountItsBlocks()
    {
        Assert.Equal(106, ChainHeight);
        var payments = Enumerable.Range(0, 4).Select(_ => PayAsync("alice", "dave")).ToList();
        _network.Chain!.Service.Mine(3);
        var done = await Task.WhenAll(payments);

        Assert.All(done, p => Assert.Equal(PaymentStatus.Succeeded, p.Result.Status));
        await EveryNodeAtTheChainsHeightAsync(_network.Nodes.OfType<InProcessNode>());
        Assert.Equal(109, ChainHeight);

        // An HTLC sent now carries an expiry counted from the chain's height: height + the invoice's 18 + the payer's 3 blocks of padding.
        var after = await PayAsync("alice", "bob");
        Assert.Equal(PaymentStatus.Succeeded, after.Result.Status);
        var expected = (uint)ChainHeight + LnRelay.Node.Invoices.Invoice.DefaultMinFinalCltvExpiryDelta + Payer.FinalExpiryPaddingBlocks;
        await Eventually.TrueAsync(
            () => File.ReadLines(_net.LogFile("alice")).Any(l => l.Contains("\"HopView\"", StringComparison.Ordinal) && l.Contains(after.Result.PaymentHash, StringComparison.Ordinal) && l.Contains($"\"CltvOut\":{expected}", StringComparison.Ordinal)),
            $"alice's HopView of the payment with expiry {expected}");
    }

    [Fact]
    public async Task AChannelClosedMidRun_IsRefusedByItsEnds_AndAStalePayerRoutesAroundIt()
    {
        var bobCarol = _net.Network.Channels.Single(c => c.Node1.Name == "bob" && c.Node2.Name == "carol");
        Assert.Equal(PaymentStatus.Succeeded, (await PayAsync("alice", "dave")).Result.Status);

        var close = await ChannelCloser.CloseAsync(_net, bobCarol, CancellationToken.None);

        Assert.Null(close.Error);
        Assert.Null(_network.Chain!.Service.Chain.UnspentOutput(new OutPoint(_network.Chain.Service.Chain.BlockAt((int)bobCarol.ShortChannelId.BlockHeight)!.Transactions[(int)bobCarol.ShortChannelId.TxIndex], bobCarol.ShortChannelId.OutputIndex)));
        await Eventually.TrueAsync(
            () => new[] { "bob", "carol" }.All(n => Node(n).Runtime.Switch.RefusalOf(bobCarol.ShortChannelId)?.StartsWith("closed on chain", StringComparison.Ordinal) == true),
            "bob and carol see the spend");

        // alice still has bob-carol in her graph (BOLT 7 forgets it 72 blocks later): bob answers unknown_next_peer, she goes by bob-dave.
        var paid = await PayAsync("alice", "dave");
        Assert.Equal(PaymentStatus.Succeeded, paid.Result.Status);
        Assert.Equal(["alice", "bob", "dave"], paid.Result.Route);
        Assert.Contains(paid.Result.Attempts, a => a.Failure?.Name == "unknown_next_peer");
        Assert.False(Node("alice").Runtime.Graph.IsForgotten(bobCarol.ShortChannelId));

        _network.Chain.Service.Mine(72);
        await Eventually.TrueAsync(() => Node("alice").Runtime.Graph.IsForgotten(bobCarol.ShortChannelId), "alice forgets bob-carol 72 blocks after its close");
        var later = await PayAsync("alice", "dave");
        Assert.Equal(["alice", "bob", "dave"], later.Result.Route);
        Assert.DoesNotContain(later.Result.Attempts, a => a.Failure?.Name == "unknown_next_peer");
    }

    [Fact]
    public async Task ANodeRestartedAfterBlocksWereMinedWithoutIt_CatchesUp_AndUsesItsChannelAgain()
    {
        var eve = Node("eve");
        await eve.StopAsync();
        _network.Chain!.Service.Mine(5);

        await using var restarted = await InProcessNode.StartAsync("eve", Path.GetFullPath(_net.NodeDirectory("eve")), CancellationToken.None);

        await Eventually.TrueAsync(() => restarted.Runtime.Switch.BlockHeight == (uint)ChainHeight, $"eve at the chain's height {ChainHeight}");
        var daveEve = _net.Network.Channels.Single(c => c.Node1.Name == "dave" && c.Node2.Name == "eve").ShortChannelId;
        await Eventually.TrueAsync(() => restarted.Runtime.Switch.RefusalOf(daveEve) is null, "eve uses dave-eve again");
    }
}
