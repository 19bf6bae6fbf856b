using LnRelay.Orchestrator.Topology;

namespace LnRelay.Orchestrator.Tests.Network;

/// <summary>Topology files: the default parses; every kind of mistake is reported with its line.</summary>
public sealed class TopologyParserTests
{
    private const string Header = "network: t\nnodes: [alice, bob]\nchannels:\n";

    [Fact]
    public void TheDefaultFiveNodeTopology_Parses_WithAClosedChannelAndTheCarolDaveImbalance()
    {
        var result = DefaultTopology.Load(null);

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        var topology = result.Topology!;
        Assert.Equal(["alice", "bob", "carol", "dave", "eve"], topology.Nodes);
        Assert.Equal(800_000u, topology.BlockHeight);
        Assert.Equal(6, topology.Channels.Count);
        Assert.Single(topology.Channels, c => c.Closed && c.Node1 == "bob" && c.Node2 == "eve");
        var carolDave = Assert.Single(topology.Channels, c => c.Node1 == "carol" && c.Node2 == "dave");
        Assert.Equal(1_000_000_000ul, carolDave.Node1BalanceMsat);
        Assert.Equal(9_000_000_000ul, carolDave.Node2BalanceMsat);
    }

    [Theory]
    [InlineData("", 0u)]
    [InlineData("block_interval_seconds: 0\n", 0u)]
    [InlineData("block_interval_seconds: 600\n", 600u)]
    public void TheBlockInterval_IsReadAndStillByDefault(string line, uint seconds)
    {
        var result = TopologyParser.Parse(line + Header + "  - between: [alice, bob]\n    capacity_msat: 1_000\n", "t.yaml");

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Equal(seconds, result.Topology!.BlockIntervalSeconds);
    }

    [Theory]
    [InlineData("86401")]
    [InlineData("-1")]
    [InlineData("soon")]
    public void ABadBlockInterval_IsReportedWithItsLineAndRange(string value)
    {
        var result = TopologyParser.Parse($"block_interval_seconds: {value}\n" + Header + "  - between: [alice, bob]\n    capacity_msat: 1_000\n", "t.yaml");

        var error = Assert.Single(result.Errors);
        Assert.StartsWith("t.yaml:1:", error, StringComparison.Ordinal);
        Assert.Contains("block_interval_seconds", error, StringComparison.Ordinal);
        Assert.Contains("86400", error, StringComparison.Ordinal);
    }

    [Fact]
    public void AFileOnDisk_IsTheSameAsTheEmbeddedDefault()
    {
        var root = FindRepositoryRoot();
        Assert.Equal(File.ReadAllText(Path.Combine(root, "topologies", "five-node.yaml")), DefaultTopology.Text());
    }

    [Fact]
    public void BalancesGivenForTheSecondEnd_LeaveTheRestToTheFirst_AndPoliciesOverrideTheDefault()
    {
        var result = TopologyParser.Parse(
            "nodes: [alice, bob]\ndefault_policy: { fee_base_msat: 7 }\nchannels:\n  - between: [alice, bob]\n    capacity_msat: 1_000\n    balance_msat: { bob: 300 }\n    policy: { bob: { cltv_expiry_delta: 99 } }\n",
            "t.yaml");

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        var c = Assert.Single(result.Topology!.Channels);
        Assert.Equal(700ul, c.Node1BalanceMsat);
        Assert.Equal(7u, c.Node1Policy.FeeBaseMsat);
        Assert.Equal(99, c.Node2Policy.CltvExpiryDelta);
        Assert.Equal(7u, c.Node2Policy.FeeBaseMsat);
    }

    [Theory]
    [InlineData("  - between: [alice, zed]\n    capacity_msat: 100\n", "t.yaml:4:22: unknown node 'zed'")]
    [InlineData("  - between: [alice, bob]\n    capacity_msat: 100\n    balance_msat: { alice: 200 }\n", "t.yaml:6:28: alice's balance 200 msat is over the channel's capacity 100 msat")]
    [InlineData("  - between: [alice, bob]\n    capacity_msat: 100\n    policy: { bob: { cltv_expiry_delta: 0 } }\n", "t.yaml:6:41: policy of bob: cltv_expiry_delta")]
    [InlineData("  - between: [alice, bob]\n    capacity_msat: 100\n    policy: { bob: { fee_base_msat: -1 } }\n", "t.yaml:6:37: policy of bob: fee_base_msat: '-1' is not a whole number")]
    [InlineData("  - between: [alice, bob]\n    capacity_msat: 100\n    policy: { bob: { htlc_minimum_msat: 9, htlc_maximum_msat: 5 } }\n", "htlc_minimum_msat 9 is above htlc_maximum_msat 5")]
    [InlineData("  - between: [alice, bob]\n    capacity_msat: 100\n    policy: { carol: {} }\n", "t.yaml:6:15: 'carol' is not an end of this channel")]
    [InlineData("  - between: [alice, alice]\n    capacity_msat: 100\n", "t.yaml:4:14: a channel needs two different nodes")]
    [InlineData("  - between: [alice, bob]\n", "t.yaml:4:5: 'capacity_msat' is missing")]
    [InlineData("  - between: [alice, bob]\n    capacity_msat: 100\n    colour: red\n", "t.yaml:6:5: unknown key 'colour' in a channel")]
    [InlineData("  - between: [alice, bob\n", "t.yaml:5:1: not valid YAML")]
    public void AMistake_IsReportedWithItsLineAndColumn(string channels, string expected)
    {
        var result = TopologyParser.Parse(Header + channels, "t.yaml");

        Assert.False(result.Succeeded);
        Assert.Contains(result.Errors, e => e.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void ADuplicateNodeName_NamesTheLineOfTheFirst()
    {
        var result = TopologyParser.Parse("nodes:\n  - alice\n  - bob\n  - alice\nchannels: []\n", "t.yaml");

        Assert.Equal(["t.yaml:4:5: duplicate node name 'alice' (first at line 2); every node needs its own name."], result.Errors);
    }

    [Fact]
    public void EveryProblem_IsReported_NotOnlyTheFirst()
    {
        var result = TopologyParser.Parse("nodes: [alice, Bob]\nchannels:\n  - between: [alice, carol]\n    capacity_msat: x\n", "t.yaml");

        Assert.Equal(3, result.Errors.Count);
    }

    [Fact]
    public void NodeFeatures_NameWhatANodeAnnounces_AndTheRestAnnounceAll()
    {
        var result = TopologyParser.Parse("node_features: { bob: [route_blinding] }\n" + Header + "  - between: [alice, bob]\n    capacity_msat: 1_000\n", "t.yaml");

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Equal(["route_blinding"], result.Topology!.FeatureNamesOf("bob"));
        Assert.Null(result.Topology.FeatureNamesOf("alice"));
    }

    [Theory]
    [InlineData("node_features: { zed: [] }\n", "unknown node 'zed'")]
    [InlineData("node_features: { bob: [ptlc] }\n", "unknown feature 'ptlc'; a node announces any of route_blinding, point_locks")]
    [InlineData("node_features: { bob: [point_locks, point_locks] }\n", "'point_locks' is listed twice")]
    [InlineData("node_features: { bob: point_locks }\n", "the features of bob must be a list")]
    [InlineData("node_features: [bob]\n", "'node_features' must map a node")]
    public void BadNodeFeatures_AreReportedWithTheirLine(string line, string expected)
    {
        var result = TopologyParser.Parse(Header + "  - between: [alice, bob]\n    capacity_msat: 1_000\n" + line, "t.yaml");

        var error = Assert.Single(result.Errors);
        Assert.StartsWith("t.yaml:6:", error, StringComparison.Ordinal);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    internal static string FindRepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "network.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("network.sln not found above the test's folder.");
    }
}
