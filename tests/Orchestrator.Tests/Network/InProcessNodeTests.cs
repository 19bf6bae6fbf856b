using System.Net;
using System.Net.Sockets;
using LnRelay.Orchestrator.Launch;
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

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
