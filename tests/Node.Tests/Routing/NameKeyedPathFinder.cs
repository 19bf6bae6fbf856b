using LnRelay.Node.Channels;
using LnRelay.Node.Routing;

namespace LnRelay.Node.Tests.Routing;

/// <summary>
/// The oracle for <see cref="PathFinder"/>: its search as it was before its state moved into
/// arrays indexed by node (docs/performance.md, "1,000 nodes in memory"), keyed by node name,
/// reading edges through <see cref="PayerGraph.EdgesInto(string)"/>. Same costs, same checks,
/// same queue operations in the same order, so both must choose the same route, ties included.
/// </summary>
internal static class NameKeyedPathFinder
{
    public static Route? FindRoute(PayerGraph graph, string origin, string payee, ulong amountMsat, uint finalCltvExpiry, PathConstraints constraints)
    {
        var originNode = graph.Network.FindNode(origin);
        if (originNode is null || graph.Network.FindNode(payee) is not { } payeeNode || origin == payee || amountMsat == 0
            || !payeeNode.Announces(constraints.RequiredFeatures))
        {
            return null;
        }

        var best = new Dictionary<string, (ulong Amount, uint Cltv, ulong Cost, GraphEdge? Edge, ChannelPolicy? Policy, int Hops)>(StringComparer.Ordinal)
        {
            [payee] = (amountMsat, finalCltvExpiry, 0, null, null, 0),
        };
        var queue = new PriorityQueue<string, ulong>();
        queue.Enqueue(payee, 0);
        var done = new HashSet<string>(StringComparer.Ordinal);
        while (queue.TryDequeue(out var node, out _))
        {
            if (!done.Add(node))
            {
                continue;
            }

            var (amount, cltv, cost, _, _, hops) = best[node];
            if (node == origin)
            {
                var path = new List<GraphEdge>();
                for (var at = origin; best[at].Edge is { } edge; at = edge.To.Name)
                {
                    path.Add(ReferenceEquals(best[at].Policy, edge.Policy) ? edge : edge with { Policy = best[at].Policy! });
                }

                return RouteBuilder.Build(originNode, path, amountMsat, finalCltvExpiry);
            }

            if (hops >= constraints.MaxHops)
            {
                continue;
            }

            foreach (var edge in graph.EdgesInto(node))
            {
                var from = edge.From.Name;
                var key = (edge.ShortChannelId.Value, from);
                if (done.Contains(from) || constraints.ExcludedNodes.Contains(from) && from != origin
                    || constraints.ExcludedChannels.Contains(edge.ShortChannelId.Value)
                    || constraints.ExcludedDirections.Contains(key)
                    || from != origin && !edge.From.Announces(constraints.RequiredFeatures))
                {
                    continue;
                }

                var policy = constraints.PolicyOverrides.GetValueOrDefault(key, edge.Policy);
                var usable = from == origin
                    ? constraints.OriginBalances.TryGetValue(edge.ShortChannelId.Value, out var balance) && amount <= balance
                    : Fits(edge, policy, amount, key, constraints);
                if (!usable)
                {
                    continue;
                }

                var fee = from == origin ? 0 : policy.FeeFor(amount);
                var delta = from == origin ? 0u : policy.CltvExpiryDelta;
                var newCost = cost + fee + (delta * PathFinder.CltvWeightMsatPerBlock);
                if (cltv + delta >= ChannelState.MaxCltvExpiry)
                {
                    continue;
                }

                if (!best.TryGetValue(from, out var known) || newCost < known.Cost)
                {
                    best[from] = (amount + fee, cltv + delta, newCost, edge, policy, hops + 1);
                    queue.Enqueue(from, newCost);
                }
            }
        }

        return null;
    }

    private static bool Fits(GraphEdge edge, ChannelPolicy policy, ulong amount, (ulong, string) key, PathConstraints constraints)
    {
        var used = constraints.InFlightMsat.GetValueOrDefault(key);
        var limit = constraints.LiquidityLimits.TryGetValue(key, out var known) ? Math.Min(known, edge.CapacityMsat) : edge.CapacityMsat;
        return policy.Enabled && policy.Allows(amount) && used <= limit && amount <= limit - used;
    }
}
