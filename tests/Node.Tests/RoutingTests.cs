using System.Text.Json;
using LnRelay.Node.Routing;

namespace LnRelay.Node.Tests;

/// <summary>Amounts, fees and expiries against BOLT 7's routing example (bolt07-routing-example.json).</summary>
public sealed class RoutingTests
{
    private const uint Height = 1000;

    [Theory]
    [InlineData("A->B->C")]
    [InlineData("A->D->C")]
    public void Route_amounts_and_expiries_match_the_bolt7_example(string routeName)
    {
        var vector = Vectors().GetProperty("cases").EnumerateArray().Single(c => c.GetProperty("route").GetString() == routeName);
        var payee = Vectors().GetProperty("payee");
        var network = TestNetworks.RoutingExample();
        var graph = new ChannelGraph(network);
        var names = routeName.ToLowerInvariant().Split("->");
        var path = names.Zip(names.Skip(1))
            .Select(p => graph.EdgesInto(p.Second).Single(e => e.From.Name == p.First))
            .ToList();
        var finalCltv = Height + payee.GetProperty("min_final_cltv_expiry_delta").GetUInt32() + payee.GetProperty("shadow_route_cltv_offset").GetUInt32();

        var route = RouteBuilder.Build(network.FindNode("a")!, path, payee.GetProperty("amount_msat").GetUInt64(), finalCltv);

        var htlcs = vector.GetProperty("htlcs");
        Assert.Equal(htlcs.GetArrayLength(), route.Hops.Count);
        for (var i = 0; i < route.Hops.Count; i++)
        {
            var expected = htlcs[i];
            var hop = route.Hops[i];
            Assert.Equal(expected.GetProperty("amount_msat").GetUInt64(), hop.IncomingAmountMsat);
            Assert.Equal(Height + expected.GetProperty("cltv_expiry_offset").GetUInt32(), hop.IncomingCltvExpiry);
            Assert.Equal(expected.GetProperty("onion_amt_to_forward").GetUInt64(), hop.AmountToForwardMsat);
            Assert.Equal(Height + expected.GetProperty("onion_outgoing_cltv_value_offset").GetUInt32(), hop.OutgoingCltvValue);
        }

        Assert.Equal(vector.GetProperty("fee_msat").GetUInt64(), route.FeeMsat);
        Assert.True(route.Final.IsFinal);
        Assert.Equal(route.Hops[1].IncomingChannel, route.Hops[0].OutgoingChannel);
    }

    [Fact]
    public void Payers_share_one_graph_per_description_and_each_forgets_only_in_its_own_overlay()
    {
        var network = TestNetworks.RoutingExample();
        Assert.Same(ChannelGraph.For(network), ChannelGraph.For(network));
        var alice = new PayerGraph(ChannelGraph.For(network));
        var dave = new PayerGraph(ChannelGraph.For(network));
        var intoC = alice.EdgesInto("c").Count;
        var forgotten = alice.EdgesInto("c")[0].ShortChannelId;

        alice.Forget(forgotten);

        Assert.Equal(intoC - 1, alice.EdgesInto("c").Count);
        Assert.Equal(intoC, dave.EdgesInto("c").Count);
        Assert.Equal(intoC, ChannelGraph.For(network).EdgesInto("c").Count);
        Assert.False(dave.IsForgotten(forgotten));
    }

    [Fact]
    public void Pathfinder_prefers_the_cheaper_route_and_avoids_excluded_channels()
    {
        var network = TestNetworks.RoutingExample();
        var graph = new ChannelGraph(network);
        var constraints = TestNetworks.OriginCanSpend(network, "a");

        var cheapest = PathFinder.FindRoute(graph, "a", "c", 4_999_999, Height + 60, constraints);
        Assert.NotNull(cheapest);
        Assert.Equal(["a", "b", "c"], cheapest.NodeNames);
        Assert.Equal(10_199UL, cheapest.FeeMsat);

        constraints.ExcludedNodes.Add("b");
        var around = PathFinder.FindRoute(graph, "a", "c", 4_999_999, Height + 60, constraints);
        Assert.NotNull(around);
        Assert.Equal(["a", "d", "c"], around.NodeNames);
        Assert.Equal(20_399UL, around.FeeMsat);

        constraints.ExcludedChannels.Add(around.Hops[1].IncomingChannel.Value);
        Assert.Null(PathFinder.FindRoute(graph, "a", "c", 4_999_999, Height + 60, constraints));
    }

    [Fact]
    public void Pathfinder_respects_capacity_htlc_limits_disabled_channels_and_the_origin_balance()
    {
        var network = TestNetworks.RoutingExample();
        var graph = new ChannelGraph(network);
        var constraints = TestNetworks.OriginCanSpend(network, "a");

        // More than any channel's capacity.
        Assert.Null(PathFinder.FindRoute(graph, "a", "c", 200_000_000, Height + 60, constraints));

        // b's channel to c disabled for this payment: the route goes through d.
        var bc = network.Channels.Single(c => c.ShortChannelId.ToString() == "1x2x0");
        constraints.PolicyOverrides[(bc.ShortChannelId.Value, "b")] = bc.Node1Policy with { Enabled = false };
        Assert.Equal(["a", "d", "c"], PathFinder.FindRoute(graph, "a", "c", 1_000, Height + 60, constraints)!.NodeNames);

        // The origin cannot spend on a-d either: no route.
        constraints.OriginBalances[network.Channels.Single(c => c.ShortChannelId.ToString() == "1x3x0").ShortChannelId.Value] = 10;
        Assert.Null(PathFinder.FindRoute(graph, "a", "c", 1_000, Height + 60, constraints));
    }

    [Fact]
    public void Direct_channel_costs_no_fee()
    {
        var network = TestNetworks.RoutingExample();
        var route = PathFinder.FindRoute(new ChannelGraph(network), "a", "b", 5_000, Height + 18, TestNetworks.OriginCanSpend(network, "a"));
        Assert.NotNull(route);
        Assert.Single(route.Hops);
        Assert.Equal(0UL, route.FeeMsat);
        Assert.Equal(Height + 18, route.First.IncomingCltvExpiry);
    }

    private static JsonElement Vectors()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "vectors", "bolt07-routing-example.json")));
        return doc.RootElement.Clone();
    }
}
