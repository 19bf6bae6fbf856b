using System.Net;
using System.Net.Sockets;
using LnRelay.Orchestrator.Hosting;
using LnRelay.Orchestrator.NetworkSetup;
using LnRelay.Orchestrator.Topology;

namespace LnRelay.Orchestrator.Tests.Network;

/// <summary>A node hosted in this process that cannot start says which node and why.</summary>
public sealed class InProcessNodeTests : IDisposable
{
    private const string TwoNodes = "network: two\nnodes: [alice, bob]\nchannels:\n  - between: [alice, bob]\n    capacity_msat: 10_000_000\n";

    private readonly string _folder = Directory.CreateTempSubdirectory("lnrelay-inproc-").FullName;

    [Fact]
    public async Task ATakenPeerPort_FailsStart_NamingTheNodeAndThePort()
    {
        Assert.True(NetworkInitializer.Initialize(TopologyParser.Parse(TwoNodes, "two.yaml").Topology!, _folder, force: false, HostStyle.Local, basePort: null).Succeeded);
        var folder = NetworkFolder.Load(_folder, out _)!;
        var port = folder.Node("alice")!.Port;
        using var squatter = new TcpListener(IPAddress.Loopback, port);
        squatter.Start();

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => InProcessNode.StartAsync("alice", folder.NodeDirectory("alice"), CancellationToken.None));

        Assert.StartsWith("alice cannot start: Cannot listen for peers", e.Message, StringComparison.Ordinal);
        Assert.Contains(port.ToString(System.Globalization.CultureInfo.InvariantCulture), e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NodesWithoutAControlApi_ListenOnlyForPeers_AndConnect_OverTheFoldersOneGzippedDescription()
    {
        Assert.True(NetworkInitializer.Initialize(TopologyParser.Parse(TwoNodes, "two.yaml").Topology!, _folder, force: false, HostStyle.Local, basePort: null, gzip: true).Succeeded);
        var folder = NetworkFolder.Load(_folder, out _)!;
        await using var network = await RunningNetwork.StartAsync(folder, inProcess: true, CancellationToken.None, inMemory: true, controlApi: false);

        await network.WaitConnectedAsync(TimeSpan.FromSeconds(60), TextWriter.Null, CancellationToken.None);

        var nodes = network.Nodes.Cast<InProcessNode>().ToList();
        Assert.Same(nodes[0].Runtime.Network, nodes[1].Runtime.Network);
        Assert.Same(nodes[0].Runtime.Graph.Shared, nodes[1].Runtime.Graph.Shared);
        using var probe = new TcpListener(IPAddress.Loopback, folder.Node("alice")!.ControlUrl.Port);
        probe.Start();
    }

    [Fact]
    public void AProcessThatCannotOpenEnoughFiles_IsRefused_NamingTheLimitAndTheFix()
    {
        Assert.Null(FileLimits.Ensure(FileLimits.ProcessBase, "a few nodes"));
        Assert.Equal(FileLimits.ProcessBase + (1_000 * 8) + (2 * 1_500), FileLimits.Needed(1_000, 1_500, controlApi: true, durable: true));

        var refusal = FileLimits.Ensure(long.MaxValue / 2, "Hosting everything");

        Assert.NotNull(refusal);
        Assert.Contains("RLIMIT_NOFILE", refusal, StringComparison.Ordinal);
        Assert.Contains("hard limit", refusal, StringComparison.Ordinal);
        Assert.Contains("ulimit -Hn", refusal, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
