using LnRelay.Node.Channels;
using LnRelay.Node.Network;

namespace LnRelay.Node.Routing;

/// <summary>What a path search must avoid and which policies it must use instead of the graph's (per payment).</summary>
internal sealed class PathConstraints
{
    public HashSet<ulong> ExcludedChannels { get; } = [];

    /// <summary>Directed exclusions: (scid, from node) pairs, for failures that name one direction.</summary>
    public HashSet<(ulong Scid, string From)> ExcludedDirections { get; } = [];

    public HashSet<string> ExcludedNodes { get; } = new(StringComparer.Ordinal);

    /// <summary>Policies learnt from channel_updates in failures, by (scid, from node); this payment only.</summary>
    public Dictionary<(ulong Scid, string From), ChannelPolicy> PolicyOverrides { get; } = [];

    /// <summary>The origin's spendable balance per own channel; a channel missing here is not usable by the origin.</summary>
    public Dictionary<ulong, ulong> OriginBalances { get; } = [];

    /// <summary>
    /// What this payment's own parts in flight already take of each channel direction, by
    /// (scid, from node): a multi-part payment routes its next part around them (docs/mpp.md).
    /// </summary>
    public Dictionary<(ulong Scid, string From), ulong> InFlightMsat { get; } = [];

    /// <summary>
    /// The most a channel direction is known to carry, by (scid, from node): learnt from a
    /// temporary_channel_failure for a larger amount (this payment only). A smaller part may still pass.
    /// </summary>
    public Dictionary<(ulong Scid, string From), ulong> LiquidityLimits { get; } = [];

    /// <summary>
    /// Features every relay and the payee must announce (network.json's per-node features, the
    /// stand-in for BOLT 7 node_announcement features): <see cref="NodeFeatures.PointLocks"/> for a
    /// point-locked payment (docs/ptlc.md "Pathfinding"). The origin is not checked: it pays.
    /// </summary>
    public NodeFeatures RequiredFeatures { get; init; }

    /// <summary>At most this many hops (BOLT 4 error decoding covers 27; onion space runs out near 20 with typical payloads).</summary>
    public int MaxHops { get; init; } = 20;
}

/// <summary>
/// Finds the cheapest route by searching backwards from the payee (Dijkstra), since
/// the amount each hop needs depends on everything after it. Cost = fees paid plus
/// <see cref="CltvWeightMsatPerBlock"/> for every block of delay the route adds, so
/// long time-locks count against a route as fees do. Respects enabled flags, the features a payment needs from its nodes,
/// htlc_minimum/maximum, channel capacity, and the origin's own balances.
/// </summary>
internal static class PathFinder
{
    /// <summary>How many msat one block of added expiry is worth when comparing routes.</summary>
    public const ulong CltvWeightMsatPerBlock = 10;

    /// <summary>A search over the shared graph alone, with nothing learned on top.</summary>
    public static Route? FindRoute(ChannelGraph graph, string origin, string payee, ulong amountMsat, uint finalCltvExpiry, PathConstraints constraints) =>
        FindRoute(new PayerGraph(graph), origin, payee, amountMsat, finalCltvExpiry, constraints);

    public static Route? FindRoute(PayerGraph graph, string origin, string payee, ulong amountMsat, uint finalCltvExpiry, PathConstraints constraints)
    {
        var originNode = graph.Network.FindNode(origin);
        if (originNode is null || graph.Network.FindNode(payee) is not { } payeeNode || origin == payee || amountMsat == 0
            || !payeeNode.Announces(constraints.RequiredFeatures))
        {
            return null;
        }

        var shared = graph.Shared;
        var originIndex = shared.IndexOf(origin);
        var payeeIndex = shared.IndexOf(payee);
        if (originIndex < 0 || payeeIndex < 0)
        {
            return null;
        }

        // Per node: the amount it must receive, its expiry, the cost so far, and its next step
        // towards the payee (the edge out of it, under the policy used, and how many hops are
        // left). Only finished nodes are stepped to, so each node's way on to the payee is fixed
        // once it is reached, and the route is read off these steps at the end: a relaxation
        // allocates nothing (on a thousand-node graph the copied paths were most of the search).
        // The steps live in this thread's arrays, indexed like the graph's nodes and stamped
        // with this search's number, so a search neither allocates nor clears them.
        var search = Search.Begin(shared.NodeCount);
        var best = search.Best;
        var reached = search.Reached;
        var done = search.Done;
        var excluded = search.Excluded;
        var stamp = search.Stamp;
        var queue = search.Queue;
        best[payeeIndex] = new Step(amountMsat, finalCltvExpiry, 0, -1, null, 0, -1);
        reached[payeeIndex] = stamp;
        queue.Enqueue(payeeIndex, 0);
        foreach (var name in constraints.ExcludedNodes)
        {
            if (shared.IndexOf(name) is var i and >= 0 && i != originIndex)
            {
                excluded[i] = stamp;
            }
        }

        // What this payer forgot, and this payment's exclusions and what it learnt, are looked up only when there are any.
        var forgotten = graph.HasForgotten;
        var excludedChannels = constraints.ExcludedChannels.Count > 0;
        var byDirection = constraints.ExcludedDirections.Count > 0 || constraints.PolicyOverrides.Count > 0
            || constraints.InFlightMsat.Count > 0 || constraints.LiquidityLimits.Count > 0;
        while (queue.TryDequeue(out var node, out _))
        {
            if (done[node] == stamp)
            {
                continue;
            }

            done[node] = stamp;
            var (amount, cltv, cost, _, _, hops, _) = best[node];
            if (node == originIndex)
            {
                return RouteBuilder.Build(originNode, PathFrom(shared, best, originIndex, hops), amountMsat, finalCltvExpiry);
            }

            if (hops >= constraints.MaxHops)
            {
                continue;
            }

            foreach (ref readonly var edge in shared.SearchEdgesInto(node))
            {
                var from = edge.From;
                var fromOrigin = from == originIndex;
                if (done[from] == stamp || excluded[from] == stamp
                    || forgotten && graph.IsForgotten(edge.ShortChannelId)
                    || excludedChannels && constraints.ExcludedChannels.Contains(edge.ShortChannelId)
                    || !fromOrigin && (edge.FromFeatures & constraints.RequiredFeatures) != constraints.RequiredFeatures)
                {
                    continue;
                }

                // A direction's exclusion, a policy from a failure, parts in flight and known limits are keyed by (scid, from node).
                var key = byDirection ? (edge.ShortChannelId, shared.NameOf(from)) : default;
                if (byDirection && constraints.ExcludedDirections.Contains(key))
                {
                    continue;
                }

                var overridden = byDirection && constraints.PolicyOverrides.TryGetValue(key, out var learnt) ? learnt : null;
                if (!(fromOrigin ? OriginCanSend(edge, amount, constraints) : Usable(edge, overridden, amount, key, byDirection, constraints)))
                {
                    continue;
                }

                ulong needed;
                uint neededCltv;
                ulong newCost;
                try
                {
                    checked
                    {
                        // The origin pays no fee to itself; a relay charges its policy's fee on what it forwards.
                        var fee = fromOrigin ? 0 : overridden?.FeeFor(amount) ?? edge.FeeFor(amount);
                        var delta = fromOrigin ? 0u : overridden?.CltvExpiryDelta ?? edge.CltvExpiryDelta;
                        needed = amount + fee;
                        neededCltv = cltv + delta;
                        newCost = cost + fee + (delta * CltvWeightMsatPerBlock);
                    }
                }
                catch (OverflowException)
                {
                    continue;
                }

                if (neededCltv >= ChannelState.MaxCltvExpiry)
                {
                    continue;
                }

                if (reached[from] != stamp || newCost < best[from].Cost)
                {
                    best[from] = new Step(needed, neededCltv, newCost, edge.Index, overridden, hops + 1, node);
                    reached[from] = stamp;
                    queue.Enqueue(from, newCost);
                }
            }
        }

        return null;
    }

    /// <summary>The edges from <paramref name="origin"/> to the payee, following each node's step, each under the policy the search used.</summary>
    private static GraphEdge[] PathFrom(ChannelGraph graph, Step[] best, int origin, int hops)
    {
        var path = new GraphEdge[hops];
        var node = origin;
        for (var i = 0; i < hops; i++)
        {
            var step = best[node];
            var edge = graph.Edge(step.Edge);
            path[i] = step.Policy is null || ReferenceEquals(step.Policy, edge.Policy) ? edge : edge with { Policy = step.Policy };
            node = step.Next;
        }

        return path;
    }

    /// <summary>A node's best known way to the payee: what it must receive, its expiry, the cost, the graph's index of the edge out of it (-1 at the payee), the policy a failure taught for that edge (null: the graph's), the hops left, and the index of the node that edge leads to.</summary>
    private readonly record struct Step(ulong Amount, uint Cltv, ulong Cost, int Edge, ChannelPolicy? Policy, int Hops, int Next);

    /// <summary>
    /// One thread's search state, reused by every search on that thread (a search never
    /// awaits): a node's entry in <see cref="Best"/> counts only when <see cref="Reached"/>
    /// holds this search's <see cref="Stamp"/>, it is finished when <see cref="Done"/> does, and
    /// left out when <see cref="Excluded"/> does.
    /// </summary>
    private sealed class Search
    {
        [ThreadStatic]
        private static Search? _current;

        public Step[] Best { get; private set; } = [];

        public int[] Reached { get; private set; } = [];

        public int[] Done { get; private set; } = [];

        public int[] Excluded { get; private set; } = [];

        public int Stamp { get; private set; }

        public PriorityQueue<int, ulong> Queue { get; } = new();

        public static Search Begin(int nodes)
        {
            var search = _current ??= new Search();
            if (search.Best.Length < nodes)
            {
                search.Best = new Step[nodes];
                search.Reached = new int[nodes];
                search.Done = new int[nodes];
                search.Excluded = new int[nodes];
                search.Stamp = 0;
            }

            if (search.Stamp == int.MaxValue)
            {
                Array.Clear(search.Reached);
                Array.Clear(search.Done);
                Array.Clear(search.Excluded);
                search.Stamp = 0;
            }

            search.Stamp++;
            search.Queue.Clear();
            return search;
        }
    }

    /// <summary>The origin knows its own balance exactly and applies no policy to itself.</summary>
    private static bool OriginCanSend(in SearchEdge edge, ulong amount, PathConstraints constraints) =>
        constraints.OriginBalances.TryGetValue(edge.ShortChannelId, out var balance) && amount <= balance;

    /// <summary>Whether a relay's edge carries <paramref name="amount"/>: its policy (or the one a failure taught), its capacity less this payment's parts in flight, and any limit a failure taught.</summary>
    private static bool Usable(in SearchEdge edge, ChannelPolicy? overridden, ulong amount, (ulong, string) key, bool byDirection, PathConstraints constraints)
    {
        if (!(overridden is null ? edge.Enabled && edge.Allows(amount) : overridden.Enabled && overridden.Allows(amount)))
        {
            return false;
        }

        var used = byDirection ? constraints.InFlightMsat.GetValueOrDefault(key) : 0;
        var limit = byDirection && constraints.LiquidityLimits.TryGetValue(key, out var known) ? Math.Min(known, edge.CapacityMsat) : edge.CapacityMsat;
        return used <= limit && amount <= limit - used;
    }
}
