using System.Globalization;
using LnRelay.Orchestrator.Topology;

namespace LnRelay.Orchestrator.Bench;

/// <summary>
/// The networks <c>lnrelay bench network</c> builds: a line (every payment crosses it end to
/// end) or a random connected graph (a random spanning tree, then extra channels), each
/// channel holding enough on both sides that a benchmark never runs out of balance.
/// </summary>
internal static class BenchTopology
{
    /// <summary>10 M sat per channel, half on each side: a million 10,000-msat payments fit in either direction.</summary>
    public const ulong ChannelCapacityMsat = 10_000_000_000;

    /// <summary>For each node beyond the tree, this many extra channels per 2 nodes: an average degree of about 3.</summary>
    private const int ExtraChannelsPerTwoNodes = 1;

    public static NetworkTopology Line(int nodes)
    {
        var names = Names(nodes);
        var channels = names.Zip(names.Skip(1)).Select(p => Channel(p.First, p.Second)).ToList();
        return new NetworkTopology("bench-line", 800_000, names, channels);
    }

    /// <summary>A random connected graph: node i (i ≥ 1) opens a channel to a random earlier node, then N/2 extra channels between random distinct pairs not yet connected.</summary>
    public static NetworkTopology RandomConnected(int nodes, Random random)
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

        var channels = pairs.Select(p => Channel(names[p.Item1], names[p.Item2])).ToList();
        return new NetworkTopology("bench-random", 800_000, names, channels);
    }

    private static List<string> Names(int nodes)
    {
        var width = nodes.ToString(CultureInfo.InvariantCulture).Length;
        return [.. Enumerable.Range(1, nodes).Select(i => "n" + i.ToString(CultureInfo.InvariantCulture).PadLeft(width, '0'))];
    }

    private static TopologyChannel Channel(string a, string b) =>
        new(a, b, ChannelCapacityMsat, ChannelCapacityMsat / 2, new TopologyPolicy(), new TopologyPolicy(), Closed: false, Line: 0);
}
