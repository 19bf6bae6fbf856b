using System.Text.Json;
using LnRelay.Node.Network;

namespace LnRelay.Node.Tests;

public sealed class NetworkFileTests
{
    [Fact]
    public void A_valid_file_round_trips_through_save_and_load()
    {
        var dto = new NetworkFileDto
        {
            Network = "test",
            BlockHeight = 800_000,
            Nodes = [TestNetworks.Node("alice", 9735), TestNetworks.Node("bob", 9736)],
            Channels = [TestNetworks.Channel("800000x1x0", "alice", "bob", 1_000_000, 600_000)],
        };
        var path = Path.Combine(Path.GetTempPath(), $"lnrelay-network-{Guid.NewGuid():N}.json");
        try
        {
            NetworkFile.Save(path, dto);
            var loaded = NetworkFile.Load(path);
            Assert.True(loaded.Succeeded, string.Join("\n", loaded.Errors));
            var channel = Assert.Single(loaded.Network!.Channels);
            Assert.Equal(400_000UL, channel.Node2BalanceMsat);
            Assert.Equal("bob", channel.PeerOf("alice").Name);
            Assert.Equal(800_000u, loaded.Network.BlockHeight);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Every_problem_is_reported_with_where_it_is()
    {
        var bad = new NetworkFileDto
        {
            Version = 9,
            Network = "",
            Nodes =
            [
                TestNetworks.Node("alice", 9735),
                TestNetworks.Node("alice", 9736),
                TestNetworks.Node("Bob!", 9737),
                TestNetworks.Node("carol", 70000) with { NodeId = "02abcd" },
            ],
            Channels =
            [
                TestNetworks.Channel("nope", "alice", "zed", 100, 200),
                TestNetworks.Channel("1x1x1", "alice", "alice", 0, 0),
            ],
        };
        var result = NetworkFile.Parse(JsonSerializer.Serialize(bad, NetworkJson.Options), "net.json");
        Assert.False(result.Succeeded);
        var all = string.Join("\n", result.Errors);
        Assert.Contains("version 9 is not supported", all);
        Assert.Contains("network: a name is required", all);
        Assert.Contains("nodes[1] (alice): the name is used twice", all);
        Assert.Contains("nodes[2].name 'Bob!'", all);
        Assert.Contains("nodes[3] (carol).node_id", all);
        Assert.Contains("'nope' is not of the form", all);
        Assert.Contains("'zed' is not one of the nodes", all);
        Assert.Contains("a channel needs two different nodes", all);
        Assert.Contains("capacity_msat", all);
        Assert.All(result.Errors, e => Assert.StartsWith("net.json: ", e));
    }

    [Fact]
    public void A_node_announces_the_features_it_lists_and_all_of_them_without_a_list()
    {
        var dto = new NetworkFileDto
        {
            Network = "test",
            Nodes = [TestNetworks.Node("alice", 9735), TestNetworks.Node("bob", 9736) with { Features = ["route_blinding"] }, TestNetworks.Node("carol", 9737) with { Features = [] }],
        };
        var json = JsonSerializer.Serialize(dto, NetworkJson.Options);
        var network = TestNetworks.Validate(dto);

        Assert.Equal(NodeFeatures.Default, network.FindNode("alice")!.Features);
        Assert.Equal(NodeFeatures.RouteBlinding, network.FindNode("bob")!.Features);
        Assert.False(network.FindNode("bob")!.Announces(NodeFeatures.PointLocks));
        Assert.Equal(NodeFeatures.None, network.FindNode("carol")!.Features);
        Assert.Equal(3, json.Split("\"features\"").Length); // bob and carol only: alice's null list is not written
    }

    [Fact]
    public void An_unknown_or_repeated_feature_is_an_error_that_lists_the_known_ones()
    {
        var dto = new NetworkFileDto
        {
            Network = "test",
            Nodes = [TestNetworks.Node("alice", 9735) with { Features = ["ptlc"] }, TestNetworks.Node("bob", 9736) with { Features = ["point_locks", "point_locks"] }],
        };
        var result = NetworkFile.Parse(JsonSerializer.Serialize(dto, NetworkJson.Options), "net.json");

        Assert.False(result.Succeeded);
        Assert.Contains("net.json: nodes[0] (alice).features: unknown feature 'ptlc'; a node announces any of route_blinding, point_locks (leave 'features' out for all of them).", result.Errors);
        Assert.Contains(result.Errors, e => e.Contains("nodes[1] (bob).features: 'point_locks' is listed twice", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("{", "not valid network JSON at line")]
    [InlineData("null", "empty or 'null'")]
    [InlineData("{\"format\":\"lnrelay-network\",\"surprise\":1}", "surprise")]
    [InlineData("{\"block_height\":\"high\"}", "block_height")]
    public void Malformed_json_names_the_line_and_the_problem(string json, string expected)
    {
        var result = NetworkFile.Parse(json, "net.json");
        Assert.False(result.Succeeded);
        Assert.Contains(expected, Assert.Single(result.Errors));
    }

    [Fact]
    public void A_missing_file_is_a_clear_error()
    {
        var result = NetworkFile.Load("/nonexistent/network.json");
        Assert.Contains("cannot be read", Assert.Single(result.Errors));
    }
}

public sealed class ClosedChannelTests
{
    [Fact]
    public void A_closed_channel_is_in_the_graph_but_not_among_its_ends_channels()
    {
        var network = TestNetworks.Validate(new NetworkFileDto
        {
            Network = "test",
            Nodes = [TestNetworks.Node("alice", 9735), TestNetworks.Node("bob", 9736)],
            Channels = [TestNetworks.Channel("1x1x0", "alice", "bob", 1_000, 500) with { Closed = true }],
        });

        Assert.Empty(network.ChannelsOf("alice"));
        Assert.Single(new LnRelay.Node.Routing.ChannelGraph(network).EdgesInto("bob"));
    }
}
