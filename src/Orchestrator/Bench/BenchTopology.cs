using System.Globalization;
using LnRelay.Node.Network;
using LnRelay.Orchestrator.Topology;

namespace LnRelay.Orchestrator.Bench;

/// <summary>
/// The networks <c>lnrelay bench network</c> builds: a line (every payment crosses it end to
/// end) or a random connected graph (a random spanning tree, then extra channels), each
/// channel holding enough on both sides that a benchmark never runs out of balance.
/// </summary>
internal static class BenchTopology
{
    /// <summary>10 M sat per channel, half on each side: the least a bench channel holds.</summary>
    public const ulong MinChannelCapacityMsat = 10_000_000_000;

    /// <summary>For each node beyond the tree, this many extra channels per 2 nodes: an average degree of about 3.</summary>
    private const int ExtraChannelsPerTwoNodes = 1;

    /// <summary>
    /// Capacity for channels that carry <paramref name="payments"/> payments of
    /// <paramref name="amountMsat"/> over routes of up to <paramref name="maxHops"/> hops all
    /// in one direction, fees included (each relay's default policy), with half on each side:
    /// a run never stops for want of balance (at 10 M sat, the line ran dry after 384,000).
    /// A payment of <paramref name="parts"/> parts pays every relay's base fee once per part.
    /// </summary>
    public static ulong CapacityFor(long payments, ulong amountMsat, int maxHops, int parts = 1)
    {
        var policy = new PolicyDto();
        var feePerHop = policy.FeeBaseMsat + (amountMsat * policy.FeeProportionalMillionths / 1_000_000) + 1;
        var perPayment = amountMsat + ((ulong)Math.Max(0, maxHops - 1) * feePerHop * (ulong)parts);
        // Whole satoshis: init funds each channel with an output of capacity / 1000 sat (docs/chain.md).
        var capacity = Math.Max(MinChannelCapacityMsat, checked(2 * (ulong)payments * perPayment));
        return checked((capacity + 999) / 1000 * 1000);
    }

    public static NetworkTopology Line(int nodes, ulong capacityMsat = MinChannelCapacityMsat)
    {
        var names = Names(nodes);
        var channels = names.Zip(names.Skip(1)).Select(p => Channel(p.First, p.Second, capacityMsat)).ToList();
        return new NetworkTopology("bench-line", 800_000, names, channels);
    }

    /// <summary>A random connected graph: node i (i ≥ 1) opens a channel to a random earlier node, then N/2 extra channels between random distinct pairs not yet connected.</summary>
    public static NetworkTopology RandomConnected(int nodes, Random random, ulong capacityMsat = MinChannelCapacityMsat)
    {
        var names = Names(nodes);
        var pairs = new HashSet<(int, int)>();
        for (var i = 1; i < nodes; i++)
        {
            pairs.Add((random.Next(i), i));
        }

        var possible = (long)nodes * (nodes - 1) / 2;
        var extra = Math.Min(nodes * ExtraChannelsPerTwoNodes / 2, possible - pairs.Count);
        while (extra > 0)
        {
            var a = random.Next(nodes);
            var b = random.Next(nodes);
            if (a != b && pairs.Add((Math.Min(a, b), Math.Max(a, b))))
            {
                extra--;
            }
        }

        var channels = pairs.Select(p => Channel(names[p.Item1], names[p.Item2], capacityMsat)).ToList();
        return new NetworkTopology("bench-random", 800_000, names, channels);
    }

    private static List<string> Names(int nodes)
    {
        var width = nodes.ToString(CultureInfo.InvariantCulture).Length;
        return [.. Enumerable.Range(1, nodes).Select(i => "n" + i.ToString(CultureInfo.InvariantCulture).PadLeft(width, '0'))];
    }

    /// <summary>A channel with the default policy both ways and half the capacity on each side (the experiment's network uses it too).</summary>
    internal static TopologyChannel Channel(string a, string b, ulong capacityMsat) =>
        new(a, b, capacityMsat, capacityMsat / 2, new PolicyDto(), new PolicyDto(), Closed: false);
}
