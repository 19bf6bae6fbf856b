namespace LnRelay.Orchestrator.Topology.Generation;

/// <summary>
/// The shape of a topology's open channel graph, as printed by <c>lnrelay topology generate</c>
/// and checked by its tests: degrees (channels per node), how much of the graph the
/// largest nodes hold, capacities, and whether every node can reach every other.
/// </summary>
internal sealed record TopologyShape(
    int Nodes,
    int Channels,
    double MeanDegree,
    int MedianDegree,
    int MaxDegree,
    double OneChannelShare,
    double TopPercentEndsShare,
    ulong MedianCapacitySat,
    ulong TotalCapacitySat,
    bool Connected)
{
    public static TopologyShape Measure(NetworkTopology topology)
    {
        var index = topology.Nodes.Select((n, i) => (n, i)).ToDictionary(p => p.n, p => p.i, StringComparer.Ordinal);
        var open = topology.Channels.Where(c => !c.Closed).ToList();
        var degrees = new int[topology.Nodes.Count];
        var parent = Enumerable.Range(0, degrees.Length).ToArray();
        foreach (var c in open)
        {
            var (a, b) = (index[c.Node1], index[c.Node2]);
            degrees[a]++;
            degrees[b]++;
            parent[Find(parent, a)] = Find(parent, b);
        }

        var sorted = degrees.Order().ToArray();
        var top = Math.Max(1, degrees.Length / 100);
        var ends = Math.Max(1, 2 * open.Count);
        var capacities = open.Select(c => c.CapacityMsat / 1_000).Order().ToArray();
        return new TopologyShape(
            degrees.Length,
            open.Count,
            (double)ends / degrees.Length * (open.Count == 0 ? 0 : 1),
            sorted[sorted.Length / 2],
            sorted[^1],
            (double)degrees.Count(d => d == 1) / degrees.Length,
            (double)sorted[^top..].Sum() / ends,
            capacities.Length == 0 ? 0 : capacities[capacities.Length / 2],
            capacities.Aggregate(0UL, (sum, c) => sum + c),
            Enumerable.Range(0, degrees.Length).Select(i => Find(parent, i)).Distinct().Count() == 1);
    }

    private static int Find(int[] parent, int i)
    {
        while (parent[i] != i)
        {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }

        return i;
    }
}
