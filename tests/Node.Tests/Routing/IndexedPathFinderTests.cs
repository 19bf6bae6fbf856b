using LnRelay.Node.Network;
using LnRelay.Node.Routing;

namespace LnRelay.Node.Tests.Routing;

/// <summary>
/// <see cref="PathFinder"/> keeps its search state in arrays indexed by node and reused by
/// each thread (docs/performance.md, "1,000 nodes in memory"): it must choose exactly the
/// route the search keyed by name chose (<see cref="NameKeyedPathFinder"/>), under every kind
/// of constraint a payer sets and with each payer's own overlay of forgotten channels.
/// </summary>
public sealed class IndexedPathFinderTests
{
    private const uint Height = 1000;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Routes_match_the_search_keyed_by_name_on_random_graphs_and_constraints(int seed)
    {
        var random = new Random(seed);
        var network = RandomNetwork(random, nodes: 40, extraChannels: 40);
        var shared = ChannelGraph.For(network);
        var found = 0;
        for (var i = 0; i < 150; i++)
        {
            // Each payer has its own overlay; what one forgets must not change another's routes.
            var payer = new PayerGraph(shared);
            var other = new PayerGraph(shared);
            foreach (var channel in network.Channels.Where(_ => random.Next(10) == 0))
            {
                payer.Forget(channel.ShortChannelId);
            }

            var origin = network.Nodes[random.Next(network.Nodes.Count)].Name;
            var payee = network.Nodes[random.Next(network.Nodes.Count)].Name;
            var amount = (ulong)random.Next(1, 3_000_000);
            var constraints = RandomConstraints(random, network, origin);

            var expected = NameKeyedPathFinder.FindRoute(payer, origin, payee, amount, Height + 40, constraints);
            var actual = PathFinder.FindRoute(payer, origin, payee, amount, Height + 40, constraints);

            AssertSameRoute(expected, actual);
            AssertSameRoute(NameKeyedPathFinder.FindRoute(other, origin, payee, amount, Height + 40, constraints), PathFinder.FindRoute(other, origin, payee, amount, Height + 40, constraints));
            Assert.All(actual?.Path ?? [], edge => Assert.False(payer.IsForgotten(edge.ShortChannelId)));
            found += actual is null ? 0 : 1;
        }

        // The cases are not all "no route": most searches find one.
        Assert.InRange(found, 40, 150);
    }

    [Fact]
    public void Equal_costs_break_the_same_way()
    {
        // Every policy free and of the same delta: many routes of one cost, so only the order of
        // the search decides among them.
        var random = new Random(7);
        var network = RandomNetwork(random, nodes: 30, extraChannels: 45, free: true);
        var graph = new PayerGraph(ChannelGraph.For(network));
        for (var i = 0; i < 200; i++)
        {
            var origin = network.Nodes[random.Next(network.Nodes.Count)].Name;
            var payee = network.Nodes[random.Next(network.Nodes.Count)].Name;
            var constraints = TestNetworks.OriginCanSpend(network, origin);
            AssertSameRoute(
                NameKeyedPathFinder.FindRoute(graph, origin, payee, 1_000, Height + 40, constraints),
                PathFinder.FindRoute(graph, origin, payee, 1_000, Height + 40, constraints));
        }
    }

    [Fact]
    public void Searches_on_graphs_of_different_sizes_on_one_thread_do_not_see_each_others_state()
    {
        var small = TestNetworks.RoutingExample();
        var large = RandomNetwork(new Random(11), nodes: 60, extraChannels: 30);
        var smallGraph = new ChannelGraph(small);
        var largeGraph = new ChannelGraph(large);
        var expectedSmall = PathFinder.FindRoute(smallGraph, "a", "c", 4_999_999, Height + 60, TestNetworks.OriginCanSpend(small, "a"));
        var origin = large.Nodes[0].Name;
        var payee = large.Nodes[^1].Name;
        var expectedLarge = NameKeyedPathFinder.FindRoute(new PayerGraph(largeGraph), origin, payee, 5_000, Height + 40, TestNetworks.OriginCanSpend(large, origin));

        for (var i = 0; i < 3; i++)
        {
            AssertSameRoute(expectedLarge, PathFinder.FindRoute(largeGraph, origin, payee, 5_000, Height + 40, TestNetworks.OriginCanSpend(large, origin)));
            AssertSameRoute(expectedSmall, PathFinder.FindRoute(smallGraph, "a", "c", 4_999_999, Height + 60, TestNetworks.OriginCanSpend(small, "a")));
        }

        Assert.Equal(["a", "b", "c"], expectedSmall!.NodeNames);
    }

    [Fact]
    public void Searches_on_many_threads_at_once_each_find_their_own_route()
    {
        var network = RandomNetwork(new Random(5), nodes: 50, extraChannels: 50);
        var graph = ChannelGraph.For(network);
        var pairs = Enumerable.Range(0, 200).Select(i => (network.Nodes[i % 50].Name, network.Nodes[(i * 7 + 3) % 50].Name)).ToList();
        var expected = pairs.Select(p => NameKeyedPathFinder.FindRoute(new PayerGraph(graph), p.Item1, p.Item2, 10_000, Height + 40, TestNetworks.OriginCanSpend(network, p.Item1))).ToList();

        var actual = new Route?[pairs.Count];
        Parallel.For(0, pairs.Count, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
            actual[i] = PathFinder.FindRoute(graph, pairs[i].Item1, pairs[i].Item2, 10_000, Height + 40, TestNetworks.OriginCanSpend(network, pairs[i].Item1)));

        for (var i = 0; i < pairs.Count; i++)
        {
            AssertSameRoute(expected[i], actual[i]);
        }
    }

    private static void AssertSameRoute(Route? expected, Route? actual)
    {
        if (expected is null)
        {
            Assert.Null(actual);
            return;
        }

        Assert.NotNull(actual);
        Assert.Equal(expected.NodeNames, actual.NodeNames);
        Assert.Equal(expected.Hops, actual.Hops);
        Assert.Equal(expected.Path, actual.Path);
    }

    private static PathConstraints RandomConstraints(Random random, NetworkDescription network, string origin)
    {
        var constraints = new PathConstraints
        {
            RequiredFeatures = random.Next(4) == 0 ? NodeFeatures.PointLocks : NodeFeatures.None,
            MaxHops = random.Next(3) == 0 ? random.Next(1, 6) : 20,
        };
        foreach (var c in network.ChannelsOf(origin))
        {
            // Mostly what the channel holds; sometimes too little for the payment.
            constraints.OriginBalances[c.ShortChannelId.Value] = random.Next(5) == 0 ? (ulong)random.Next(1_000) : c.BalanceOf(origin);
        }

        for (var k = random.Next(3); k > 0; k--)
        {
            constraints.ExcludedNodes.Add(network.Nodes[random.Next(network.Nodes.Count)].Name);
        }

        foreach (var c in network.Channels)
        {
            var from = random.Next(2) == 0 ? c.Node1.Name : c.Node2.Name;
            switch (random.Next(40))
            {
                case 0:
                    constraints.ExcludedChannels.Add(c.ShortChannelId.Value);
                    break;
                case 1:
                    constraints.ExcludedDirections.Add((c.ShortChannelId.Value, from));
                    break;
                case 2:
                    constraints.PolicyOverrides[(c.ShortChannelId.Value, from)] = c.PolicyFrom(from) with { FeeBaseMsat = (uint)random.Next(50_000) };
                    break;
                case 3:
                    constraints.PolicyOverrides[(c.ShortChannelId.Value, from)] = c.PolicyFrom(from) with { Enabled = false };
                    break;
                case 4:
                    constraints.InFlightMsat[(c.ShortChannelId.Value, from)] = (ulong)random.Next(5_000_000);
                    break;
                case 5:
                    constraints.LiquidityLimits[(c.ShortChannelId.Value, from)] = (ulong)random.Next(5_000_000);
                    break;
            }
        }

        return constraints;
    }

    /// <summary>A random spanning tree plus <paramref name="extraChannels"/>, with random capacities, policies and features (or every policy free: <paramref name="free"/>).</summary>
    private static NetworkDescription RandomNetwork(Random random, int nodes, int extraChannels, bool free = false)
    {
        var names = Enumerable.Range(0, nodes).Select(i => $"n{i:D3}").ToList();
        var pairs = Enumerable.Range(1, nodes - 1).Select(i => (random.Next(i), i)).ToList();
        for (var k = 0; k < extraChannels; k++)
        {
            var a = random.Next(nodes);
            var b = random.Next(nodes);
            if (a != b && !pairs.Contains((a, b)) && !pairs.Contains((b, a)))
            {
                pairs.Add((a, b));
            }
        }

        PolicyDto Policy() => free
            ? new PolicyDto { FeeBaseMsat = 0, FeeProportionalMillionths = 0, CltvExpiryDelta = 40 }
            : new PolicyDto
            {
                FeeBaseMsat = (uint)random.Next(0, 3) * 500,
                FeeProportionalMillionths = (uint)random.Next(0, 4) * 500,
                CltvExpiryDelta = (ushort)(random.Next(1, 5) * 20),
                HtlcMinimumMsat = random.Next(8) == 0 ? 100_000UL : 1,
                HtlcMaximumMsat = random.Next(8) == 0 ? 1_000_000UL : ulong.MaxValue,
                Enabled = random.Next(12) != 0,
            };
        ulong Capacity() => random.Next(6) == 0 ? 2_000_000UL : 100_000_000UL;
        return TestNetworks.Validate(new NetworkFileDto
        {
            Network = "random",
            BlockHeight = Height,
            Nodes = [.. names.Select((n, i) => TestNetworks.Node(n, 20_000 + (2 * i)) with { Features = random.Next(5) == 0 ? [NodeFeatureNames.RouteBlinding] : null })],
            Channels = [.. pairs.Select((p, k) =>
            {
                var capacity = Capacity();
                return TestNetworks.Channel($"{k + 1}x1x0", names[p.Item1], names[p.Item2], capacity, capacity / 2, Policy(), Policy());
            })],
        });
    }
}
