using LnRelay.Orchestrator.Bench;

namespace LnRelay.Orchestrator.Tests;

/// <summary>The pieces of <c>bench network</c> that need no network: topologies, percentiles, the ceiling's arithmetic.</summary>
public sealed class BenchNetworkPartsTests
{
    [Fact]
    public void Line_ChainsTheNodesInOrder()
    {
        var line = BenchTopology.Line(5);

        Assert.Equal(["n1", "n2", "n3", "n4", "n5"], line.Nodes);
        Assert.Equal([("n1", "n2"), ("n2", "n3"), ("n3", "n4"), ("n4", "n5")], line.Channels.Select(c => (c.Node1, c.Node2)));
        Assert.All(line.Channels, c => Assert.Equal(c.CapacityMsat / 2, c.Node1BalanceMsat));
    }

    [Fact]
    public void Payees_AreTwoToSixChannelsFromTheirPayer_AndSpreadOverThatRange()
    {
        var graph = BenchTopology.RandomConnected(300, new Random(7));
        var payees = new BenchPayees(graph);
        var random = new Random(8);
        var distances = new List<int>();
        for (var i = 0; i < 300; i++)
        {
            var (payer, payee) = payees.Draw(random);
            distances.Add(Distance(graph, graph.Nodes[payer], graph.Nodes[payee]));
        }

        Assert.All(distances, d => Assert.InRange(d, BenchPayees.MinHops, BenchPayees.MaxHops));
        Assert.Contains(BenchPayees.MinHops, distances);
        Assert.Contains(BenchPayees.MaxHops, distances);
    }

    private static int Distance(LnRelay.Orchestrator.Topology.NetworkTopology graph, string from, string to)
    {
        var depth = new Dictionary<string, int>(StringComparer.Ordinal) { [from] = 0 };
        var queue = new Queue<string>([from]);
        while (queue.TryDequeue(out var node))
        {
            foreach (var c in graph.Channels.Where(c => c.Node1 == node || c.Node2 == node))
            {
                var peer = c.Node1 == node ? c.Node2 : c.Node1;
                if (depth.TryAdd(peer, depth[node] + 1))
                {
                    queue.Enqueue(peer);
                }
            }
        }

        return depth[to];
    }

    [Fact]
    public void Capacity_CoversEveryPaymentWithItsFeesInOneDirection()
    {
        // 400,000 payments of 10,000 msat over the line's 4 hops: 3 relays charge 1,000 msat + 100 ppm (1 msat) each.
        var capacity = BenchTopology.CapacityFor(400_000, 10_000, 4);

        Assert.Equal(2UL * 400_000 * (10_000 + (3 * 1_002)), capacity);
        Assert.True(capacity / 2 >= 400_000UL * 13_003, "the payer's side covers every payment and its fees");
        Assert.Equal(BenchTopology.MinChannelCapacityMsat, BenchTopology.CapacityFor(10, 10_000, 4));
        Assert.All(BenchTopology.Line(3, capacity).Channels, c => Assert.Equal(capacity, c.CapacityMsat));
    }

    [Theory]
    [InlineData(2, 1)]
    [InlineData(10, 3)]
    [InlineData(100, 42)]
    public void RandomConnected_IsConnectedWithoutDuplicateChannelsAndReproducible(int nodes, int seed)
    {
        var graph = BenchTopology.RandomConnected(nodes, new Random(seed));
        var again = BenchTopology.RandomConnected(nodes, new Random(seed));

        Assert.Equal(nodes, graph.Nodes.Count);
        Assert.Equal(graph.Channels.Select(c => (c.Node1, c.Node2)), again.Channels.Select(c => (c.Node1, c.Node2)));
        var pairs = graph.Channels.Select(c => string.CompareOrdinal(c.Node1, c.Node2) < 0 ? (c.Node1, c.Node2) : (c.Node2, c.Node1)).ToList();
        Assert.Equal(pairs.Count, pairs.Distinct().Count());
        Assert.DoesNotContain(graph.Channels, c => c.Node1 == c.Node2);

        // A spanning tree (N - 1 channels) plus N/2 more, as far as the complete graph allows.
        Assert.Equal(Math.Min((nodes - 1) + (nodes / 2), nodes * (nodes - 1) / 2), graph.Channels.Count);

        var reached = new HashSet<string> { graph.Nodes[0] };
        var frontier = new Queue<string>(reached);
        while (frontier.TryDequeue(out var node))
        {
            foreach (var c in graph.Channels.Where(c => c.Node1 == node || c.Node2 == node))
            {
                var other = c.Node1 == node ? c.Node2 : c.Node1;
                if (reached.Add(other))
                {
                    frontier.Enqueue(other);
                }
            }
        }

        Assert.Equal(nodes, reached.Count);
    }

    [Fact]
    public void Percentiles_AreNearestRank()
    {
        var latencies = Enumerable.Range(1, 100).Select(i => (double)i).ToArray();
        var phase = new PhaseResult("max", 100, TimeSpan.FromSeconds(2), latencies, 0, 0, TimeSpan.FromSeconds(1), 4, null, null);

        Assert.Equal(50, phase.PercentileMs(50));
        Assert.Equal(95, phase.PercentileMs(95));
        Assert.Equal(99, phase.PercentileMs(99));
        Assert.Equal(100, phase.PercentileMs(100));
        Assert.Equal(50, phase.PaymentsPerSecond);
        Assert.Equal(0.01, phase.CpuSecondsPerPayment, 6);
        Assert.Equal(0.25, phase.OurShare(cores: 2), 6);
        Assert.Equal(200, phase.CpuBoundPaymentsPerSecond(cores: 2), 6);
    }

    [Fact]
    public void Ceiling_IsOneBuildAndOnePeelPerHopOverEveryCore()
    {
        var ceiling = new CryptoCeiling(BuildHops: 4, BuildUs: 200, PeelUs: 60, Cores: 2);

        Assert.Equal(50, ceiling.BuildPerHopUs);
        Assert.Equal(440, ceiling.PaymentUs(4));
        Assert.Equal(2 * 1_000_000 / 440.0, ceiling.PaymentsPerSecond(4), 6);
    }
}
