using System.Runtime.Versioning;
using LnRelay.Node.Hosting;
using LnRelay.Node.Network;
using LnRelay.Orchestrator.Hosting;
using LnRelay.Orchestrator.NetworkSetup;
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

            // Only the node's own secrets: the network description is the folder's one file.
            Assert.False(File.Exists(Path.Combine(dir, NetworkFile.FileName)));
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

        foreach (var file in new[] { "network.json", "chain.blocks", "seed.hex", "alice/node.key", "eve/node.key", "carol/funding.keys" })
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(a, file)), File.ReadAllBytes(Path.Combine(b, file)));
        }

        // The tip of the five-node chain from this seed, pinned: a change to keys, mining or funding shows here.
        var chain = LnRelay.Chain.Blocks.ChainFile.Load(Path.Combine(a, "chain.blocks"), out _)!;
        Assert.Equal("414d1d8cef85a0667247ab92ca65dfeecbf681b00bc271aaeceb73a1d3c50015", chain.Tip.GetHash().ToString());
    }

    [Fact]
    public void EveryNode_SharesTheFoldersOneDescription_ReadOncePerProcess_PlainOrGzipped()
    {
        var plain = Path.Combine(_folder, "plain");
        var gzipped = Path.Combine(_folder, "gz");
        Assert.True(NetworkInitializer.Initialize(FiveNodes(), plain, false, HostStyle.Local, null).Succeeded);
        var result = NetworkInitializer.Initialize(FiveNodes(), gzipped, false, HostStyle.Local, null, gzip: true);
        Assert.True(result.Succeeded, result.Error);
        Assert.Equal(Path.Combine(gzipped, NetworkFile.GzipFileName), result.NetworkPath);
        Assert.False(File.Exists(Path.Combine(gzipped, NetworkFile.FileName)));
        Assert.Equal([0x1f, 0x8b], File.ReadAllBytes(result.NetworkPath!)[..2]);

        foreach (var dir in new[] { plain, gzipped })
        {
            var alice = DataFolder.Load(Path.Combine(dir, "alice"));
            var eve = DataFolder.Load(Path.Combine(dir, "eve"));
            Assert.True(alice.Succeeded && eve.Succeeded, string.Join("\n", alice.Errors.Concat(eve.Errors)));
            Assert.Same(alice.Network, eve.Network);
            Assert.Same(alice.Network, NetworkFolder.Load(dir, out _)!.Network);
        }
    }

    [Fact]
    public void ADataFolder_WithItsOwnCopy_AsOlderInitsWrote_ReadsIt_AndABadOneNamesTheFile()
    {
        Assert.True(NetworkInitializer.Initialize(FiveNodes(), _folder, false, HostStyle.Local, null).Succeeded);
        var bob = Path.Combine(_folder, "bob");
        var copy = Path.Combine(bob, NetworkFile.FileName);
        File.WriteAllText(copy, File.ReadAllText(Path.Combine(_folder, NetworkFile.FileName)).Replace("\"block_height\": 106", "\"block_height\": 107", StringComparison.Ordinal));

        var loaded = DataFolder.Load(bob);
        Assert.True(loaded.Succeeded, string.Join("\n", loaded.Errors));
        Assert.Equal(107u, loaded.Network!.BlockHeight);
        Assert.Equal(106u, DataFolder.Load(Path.Combine(_folder, "alice")).Network!.BlockHeight);

        File.WriteAllText(copy, "{");
        var bad = DataFolder.Load(bob);
        Assert.False(bad.Succeeded);
        Assert.StartsWith(copy, bad.Errors.Single(), StringComparison.Ordinal);

        // An explicit --network wins over the copy.
        Assert.True(DataFolder.Load(bob, Path.Combine(_folder, NetworkFile.FileName)).Succeeded);
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
