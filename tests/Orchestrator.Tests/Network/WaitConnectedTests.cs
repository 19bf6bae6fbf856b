using System.Net;
using System.Net.Sockets;
using LnRelay.Node.Hosting;
using LnRelay.Orchestrator.Client;
using LnRelay.Orchestrator.Hosting;
using LnRelay.Orchestrator.NetworkSetup;
using LnRelay.Orchestrator.Supervision;
using LnRelay.Orchestrator.Topology;

namespace LnRelay.Orchestrator.Tests.Network;

/// <summary>Waiting for a network's peers ends with the reason: a node that died, or who was not connected or did not answer.</summary>
public sealed class WaitConnectedTests : IDisposable
{
    private const string TwoNodes = "network: two\nnodes: [alice, bob]\nchannels:\n  - between: [alice, bob]\n    capacity_msat: 10_000_000\n";

    private readonly string _folder = Directory.CreateTempSubdirectory("lnrelay-wait-").FullName;

    [Fact]
    public async Task NodesThatNeverAnswer_TimeOut_NamingEveryNodeThatDidNotAnswer()
    {
        var folder = Initialize();
        await using var network = RunningNetwork.Attach(folder);

        var e = await Assert.ThrowsAsync<TimeoutException>(() => network.WaitConnectedAsync(TimeSpan.FromSeconds(1), TextWriter.Null, CancellationToken.None));

        Assert.Contains("control APIs did not answer: alice (", e.Message, StringComparison.Ordinal);
        Assert.Contains("; bob (", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ANodeThatDiesAtStart_IsReported_WithItsExit_BeforeTheDeadline()
    {
        var folder = Initialize();
        File.WriteAllText(Path.Combine(folder.NodeDirectory("alice"), DataFolder.KeyFileName), "not a key\n");
        await using var network = await RunningNetwork.StartAsync(folder, inProcess: false, CancellationToken.None);

        // Long enough that only noticing the death ends the wait (the client alone retries an unreachable node for about 35 s).
        var e = await Assert.ThrowsAsync<NodeDiedException>(() => network.WaitConnectedAsync(TimeSpan.FromSeconds(120), TextWriter.Null, CancellationToken.None));

        Assert.Contains("lnrelay-node alice exited with code 2", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task APortTakenBeforeTheStart_IsRefused_NamingTheNodeThePortAndTheFix()
    {
        var folder = Initialize();
        var bobApi = folder.Network.Nodes.Single(n => n.Name == "bob").ControlUrl.Port;
        using var squatter = new TcpListener(IPAddress.Loopback, bobApi);
        squatter.Start();

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => RunningNetwork.StartAsync(folder, inProcess: false, CancellationToken.None));

        Assert.Contains($"bob's API port {bobApi}: already in use by another process", e.Message, StringComparison.Ordinal);
        Assert.Contains("lnrelay init --force --out DIR", e.Message, StringComparison.Ordinal);
        Assert.Null(ControlFiles.LiveNode(folder.NodeDirectory("alice")));
    }

    [Fact]
    public async Task AnotherProgramAnsweringOnANodesPort_IsNamedAsNotThisNetworksNode()
    {
        var folder = Initialize();
        var bobApi = folder.Network.Nodes.Single(n => n.Name == "bob").ControlUrl.Port;
        using var stranger = new TcpListener(IPAddress.Loopback, bobApi);
        stranger.Start();
        using var stop = new CancellationTokenSource();
        var answering = RefuseEveryTokenAsync(stranger, stop.Token);
        await using var network = RunningNetwork.Attach(folder);

        var e = await Assert.ThrowsAsync<NodeApiException>(() => network.WaitConnectedAsync(TimeSpan.FromSeconds(60), TextWriter.Null, CancellationToken.None));

        Assert.Contains($"http://127.0.0.1:{bobApi}/ refused this network's token, so the process listening there is not this network's bob", e.Message, StringComparison.Ordinal);
        await stop.CancelAsync();
        stranger.Stop();
        await answering;
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>A program that is not this network's node: it answers every request 401.</summary>
    private static async Task RefuseEveryTokenAsync(TcpListener listener, CancellationToken ct)
    {
        try
        {
            while (true)
            {
                using var client = await listener.AcceptTcpClientAsync(ct);
                var stream = client.GetStream();
                var request = new byte[4096];
                _ = await stream.ReadAsync(request, ct);
                await stream.WriteAsync("HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"u8.ToArray(), ct);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }

    private NetworkFolder Initialize()
    {
        Assert.True(NetworkInitializer.Initialize(TopologyParser.Parse(TwoNodes, "two.yaml").Topology!, _folder, force: false, HostStyle.Local, basePort: null).Succeeded);
        return NetworkFolder.Load(_folder, out _)!;
    }
}
