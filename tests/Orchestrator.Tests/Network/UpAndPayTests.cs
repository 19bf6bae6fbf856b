using LnRelay.Node.Payments;
using LnRelay.Orchestrator.Client;
using LnRelay.Orchestrator.Hosting;
using LnRelay.Orchestrator.NetworkSetup;
using LnRelay.Orchestrator.Topology;

namespace LnRelay.Orchestrator.Tests.Network;

/// <summary>The five-node network started by the orchestrator (child processes and in process), real TCP and STS, paid through the control APIs.</summary>
[Collection(NetworkCollection.Name)]
public sealed class UpAndPayTests : IDisposable
{
    private static readonly TimeSpan ConnectDeadline = TimeSpan.FromSeconds(45);
    private readonly string _folder = Directory.CreateTempSubdirectory("lnrelay-up-").FullName;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Up_ConnectsEveryChannel_AndPay_GoesFourHops_AfterTheClosedChannelFails(bool inProcess)
    {
        Assert.True(NetworkInitializer.Initialize(DefaultTopology.Load(null).Topology!, _folder, false, HostStyle.Local, null).Succeeded);
        var folder = NetworkFolder.Load(_folder, out _)!;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await using var network = await RunningNetwork.StartAsync(folder, inProcess, cts.Token);
        await network.WaitConnectedAsync(ConnectDeadline, TextWriter.Null, cts.Token);

        var record = await PaymentSender.PayAsync(network.Client, "alice", "eve", 50_000, InvoiceTampering.None, cts.Token);

        Assert.Equal(PaymentStatus.Succeeded, record.Result.Status);
        Assert.Equal(["alice", "bob", "carol", "dave", "eve"], record.Result.Route);
        var first = record.Result.Attempts[0].Failure!;
        Assert.Equal(("unknown_next_peer", 0, "bob"), (first.Name, first.Hop, first.Node));
        var channels = await ChannelBalances.ReadAsync(network, cts.Token);
        Assert.Equal(5_000_000_000ul - 50_000 - record.Result.FeeMsat!.Value, channels[0].Node1BalanceMsat);
        Assert.Null(network.Death());
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
