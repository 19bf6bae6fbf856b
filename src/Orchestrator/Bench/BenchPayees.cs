using LnRelay.Orchestrator.Topology;

namespace LnRelay.Orchestrator.Bench;

/// <summary>
/// Draws payer and payee for a random graph so that the payment crosses a route of
/// <see cref="MinHops"/> to <see cref="MaxHops"/> channels: the payee is drawn among the
/// nodes at that many channels from the payer (a breadth-first search over open channels,
/// which stops at <see cref="MaxHops"/>). With one policy on every channel the cheapest route
/// is a shortest one, so the route has that many hops. Unrestricted pairs in a sparse
/// thousand-node graph average more than six hops and reach a dozen, longer than payments
/// in the Lightning Network take (issue 20's goal: 2–6 hops).
/// </summary>
internal sealed class BenchPayees
{
    public const int MinHops = 2;
    public const int MaxHops = 6;

    private readonly List<int>[] _neighbours;
    private readonly int[] _depth;

    // One search's lists, reused by the next: drawing a phase's pairs at a thousand nodes made
    // about 19 KB of garbage a payment here, which the next phase's first collection then paid for.
    private readonly List<int> _found = [];
    private readonly List<int> _seen = [];
    private List<int> _frontier = [];
    private List<int> _next = [];

    public BenchPayees(NetworkTopology topology)
    {
        var index = topology.Nodes.Select((n, i) => (n, i)).ToDictionary(p => p.n, p => p.i, StringComparer.Ordinal);
        _neighbours = [.. topology.Nodes.Select(_ => new List<int>())];
        foreach (var c in topology.Channels.Where(c => !c.Closed))
        {
            _neighbours[index[c.Node1]].Add(index[c.Node2]);
            _neighbours[index[c.Node2]].Add(index[c.Node1]);
        }

        _depth = new int[topology.Nodes.Count];
        Array.Fill(_depth, -1);
    }

    /// <summary>A payer and a payee 2–6 channels apart (node indexes); in a graph too small to have such a pair (two or three nodes), neighbours.</summary>
    public (int Payer, int Payee) Draw(Random random)
    {
        var minHops = MinHops;
        for (var attempt = 0; ; attempt++)
        {
            var payer = random.Next(_neighbours.Length);
            var candidates = Within(payer, minHops);
            if (candidates.Count > 0)
            {
                return (payer, candidates[random.Next(candidates.Count)]);
            }

            if (attempt > 10 * _neighbours.Length)
            {
                minHops = 1;
            }
        }
    }

    /// <summary>The nodes <paramref name="minHops"/> to <see cref="MaxHops"/> channels from <paramref name="from"/>, in a list the next call reuses.</summary>
    private List<int> Within(int from, int minHops)
    {
        var found = _found;
        var seen = _seen;
        found.Clear();
        seen.Clear();
        seen.Add(from);
        _frontier.Clear();
        _frontier.Add(from);
        _depth[from] = 0;
        for (var depth = 1; depth <= MaxHops && _frontier.Count > 0; depth++)
        {
            var next = _next;
            next.Clear();
            foreach (var node in _frontier)
            {
                foreach (var peer in _neighbours[node])
                {
                    if (_depth[peer] < 0)
                    {
                        _depth[peer] = depth;
                        seen.Add(peer);
                        next.Add(peer);
                        if (depth >= minHops)
                        {
                            found.Add(peer);
                        }
                    }
                }
            }

            (_frontier, _next) = (next, _frontier);
        }

        foreach (var node in seen)
        {
            _depth[node] = -1;
        }

        return found;
    }
}
