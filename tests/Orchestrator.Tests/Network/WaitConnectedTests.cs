using LnRelay.Node.Hosting;
using LnRelay.Orchestrator.Hosting;
using LnRelay.Orchestrator.NetworkSetup;
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

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private NetworkFolder Initialize()
    {
        Assert.True(NetworkInitializer.Initialize(TopologyParser.Parse(TwoNodes, "two.yaml").Topology!, _folder, force: false, HostStyle.Local, basePort: null).Succeeded);
        return NetworkFolder.Load(_folder, out _)!;
    }
}
