using System.Runtime.Versioning;
using LnRelay.Node.Hosting;
using LnRelay.Node.Network;
using LnRelay.Orchestrator.Launch;
using LnRelay.Orchestrator.Topology;

namespace LnRelay.Orchestrator.Tests.Network;

/// <summary>'lnrelay init': data folders every node can load, secrets kept, ports that do not collide.</summary>
[UnsupportedOSPlatform("windows")]
public sealed class InitTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("lnrelay-init-").FullName;

    [Fact]
    public void Init_WritesAFolderPerNode_ThatTheNodeLoads_WithSecretsOnlyItsOwnerReads()
    {
        var result = NetworkInitializer.Initialize(FiveNodes(), _folder, force: false, HostStyle.Local, basePort: null);

        Assert.True(result.Succeeded, result.Error);
        foreach (var name in new[] { "alice", "bob", "carol", "dave", "eve" })
        {
            var dir = Path.Combine(_folder, name);
            var loaded = DataFolder.Load(dir);
            Assert.True(loaded.Succeeded, string.Join("\n", loaded.Errors));
            Assert.Equal(name, loaded.Identity!.Entry.Name);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(dir, DataFolder.KeyFileName)));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(dir, DataFolder.TokenFileName)));
            Assert.True(Directory.Exists(Path.Combine(dir, DataFolder.LogsFolderName)));
        }

        var network = NetworkFile.Load(Path.Combine(_folder, NetworkFile.FileName)).Network!;
        Assert.Equal(["800000x1x0", "800000x2x0", "800000x3x0", "800000x4x0", "800000x5x0", "800000x6x0"], network.Channels.Select(c => c.ShortChannelId.ToString()));
        var ports = network.Nodes.SelectMany(n => new[] { n.Port, n.ControlUrl.Port }).ToList();
        Assert.Equal(ports.Count, ports.Distinct().Count());
        Assert.All(network.Nodes, n => Assert.Equal("127.0.0.1", n.Host));

        // The default topology's chain finds a block a minute from now on, the same schedule for every node.
        var chain = network.Chain!;
        Assert.Equal((800_000u, TimeSpan.FromMinutes(1)), (chain.StartHeight, chain.BlockInterval));
        Assert.InRange(DateTimeOffset.UtcNow - chain.StartedAt, TimeSpan.Zero, TimeSpan.FromMinutes(1));
    }

    [Fact]
    public void Init_RefusesToReplaceKeys_UnlessForced()
    {
        Assert.True(NetworkInitializer.Initialize(FiveNodes(), _folder, false, HostStyle.Local, null).Succeeded);
        var key = File.ReadAllText(Path.Combine(_folder, "alice", DataFolder.KeyFileName));

        var again = NetworkInitializer.Initialize(FiveNodes(), _folder, false, HostStyle.Local, null);
        Assert.False(again.Succeeded);
        Assert.Contains("--force", again.Error, StringComparison.Ordinal);
        Assert.Equal(key, File.ReadAllText(Path.Combine(_folder, "alice", DataFolder.KeyFileName)));

        Assert.True(NetworkInitializer.Initialize(FiveNodes(), _folder, true, HostStyle.Local, null).Succeeded);
        Assert.NotEqual(key, File.ReadAllText(Path.Combine(_folder, "alice", DataFolder.KeyFileName)));
    }

    [Fact]
    public void ABasePort_GivesEachNodeTwoConsecutivePorts_AndContainersUseTheirNames()
    {
        Assert.True(NetworkInitializer.Initialize(FiveNodes(), _folder, false, HostStyle.Local, 20_000).Succeeded);
        var network = NetworkFile.Load(Path.Combine(_folder, NetworkFile.FileName)).Network!;
        Assert.Equal([20_000, 20_002, 20_004, 20_006, 20_008], network.Nodes.Select(n => n.Port));
        Assert.Equal(20_001, network.FindNode("alice")!.ControlUrl.Port);

        var containers = Path.Combine(_folder, "c");
        Assert.True(NetworkInitializer.Initialize(FiveNodes(), containers, false, HostStyle.Container, null).Succeeded);
        var bob = NetworkFile.Load(Path.Combine(containers, NetworkFile.FileName)).Network!.FindNode("bob")!;
        Assert.Equal(("bob", 9735, "http://bob:8080/"), (bob.Host, bob.Port, bob.ControlUrl.ToString()));
    }

    [Fact]
    public async Task TheInitVerb_ExitsTwo_WithTheLineOfABadTopology()
    {
        var file = Path.Combine(_folder, "bad.yaml");
        File.WriteAllText(file, "nodes: [alice]\nchannels:\n  - between: [alice, bob]\n    capacity_msat: 1\n");
        var error = new StringWriter();

        var exit = await Cli.LnRelayCli.RunAsync(["init", "--topology", file, "--out", Path.Combine(_folder, "net")], error);

        Assert.Equal(2, exit);
        Assert.Contains("bad.yaml:3:22: unknown node 'bob'", error.ToString(), StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static NetworkTopology FiveNodes() => DefaultTopology.Load(null).Topology!;
}
