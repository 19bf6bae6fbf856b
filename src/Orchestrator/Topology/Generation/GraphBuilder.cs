namespace LnRelay.Orchestrator.Topology.Generation;

/// <summary>
/// The channel graph of a generated topology (docs/topology.md "Generated topologies"): a
/// connected backbone (node i, for i ≥ 1, opens a channel to an earlier node drawn by
/// weight: a growing network in which older, heavier nodes gather more channels), then
/// further channels between pairs drawn by weight at both ends until the wanted count
/// (a Chung–Lu graph: a node's expected degree follows its weight). Equal weights give a
/// uniform random recursive tree plus uniformly random channels.
/// </summary>
internal static class GraphBuilder
{
    /// <summary>Draws per wanted channel before giving up on the rest (only near-complete graphs get there).</summary>
    private const int DrawsPerChannel = 50;

    public static EdgeSet Build(IReadOnlyList<double> weights, int channels, SeededRandom random)
    {
        var nodes = weights.Count;
        var sampler = new WeightedSampler(weights);
        var graph = new EdgeSet(nodes);
        for (var i = 1; i < nodes; i++)
        {
            graph.TryAdd(sampler.DrawBelow(random, i), i);
        }

        var wanted = channels - graph.Count;
        for (long draws = (long)wanted * DrawsPerChannel; wanted > 0 && draws > 0; draws--)
        {
            if (graph.TryAdd(sampler.Draw(random), sampler.Draw(random)))
            {
                wanted--;
            }
        }

        return graph;
    }
}
