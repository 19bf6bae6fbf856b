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
        // 100 coinbase blocks (block 1's coinbase is mature at 101), one block of the six funding transactions,
        // the close of bob-eve in the next, empty blocks to six confirmations.
        Assert.Equal(["101x1x0", "101x2x0", "101x3x0", "101x4x0", "101x5x0", "101x6x0"], network.Channels.Select(c => c.ShortChannelId.ToString()));
        Assert.Equal(106u, network.BlockHeight);
        var ports = network.Nodes.SelectMany(n => new[] { n.Port, n.ControlUrl.Port, network.ChainSource!.RpcUrl.Port }).ToList();
        Assert.Equal(ports.Count - network.Nodes.Count + 1, ports.Distinct().Count());
        Assert.All(network.Nodes, n => Assert.Equal("127.0.0.1", n.Host));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(_folder, "seed.hex")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(_folder, "alice", "chain-rpc.credentials")));
        Assert.Equal(File.ReadAllText(Path.Combine(_folder, "chain-rpc.credentials")), File.ReadAllText(Path.Combine(_folder, "bob", "chain-rpc.credentials")));

        // With a chain, the height comes from it, not from a schedule.
        Assert.Null(network.Chain);
        Assert.Equal("06226e46111a0b59caaf126043eb5bbf28c34f3a5e332a1fc7b2b73cf188910f", network.ChainSource!.ChainHashHex);
    }

    [Fact]
    public void TheSameSeedTopologyAndBasePort_GiveTheSameFiles_ByteForByte()
    {
        Assert.True(LnRelay.Chain.Keys.NetworkSeed.TryParseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f", out var seed, out _));
        var a = Path.Combine(_folder, "a");
        var b = Path.Combine(_folder, "b");
        Assert.True(NetworkInitializer.Initialize(FiveNodes(), a, false, HostStyle.Local, 20_000, seed).Succeeded);
        Assert.True(NetworkInitializer.Initialize(FiveNodes(), b, false, HostStyle.Local, 20_000, seed).Succeeded);

        foreach (var file in new[] { "network.json", "chain.blocks", "seed.hex", "alice/node.key", "eve/node.key", "carol/network.json" })
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(a, file)), File.ReadAllBytes(Path.Combine(b, file)));
        }

        // The tip of the five-node chain from this seed, pinned: a change to keys, mining or funding shows here.
        var chain = LnRelay.Chain.Blocks.ChainFile.Load(Path.Combine(a, "chain.blocks"), out _)!;
        Assert.Equal("414d1d8cef85a0667247ab92ca65dfeecbf681b00bc271aaeceb73a1d3c50015", chain.Tip.GetHash().ToString());
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
