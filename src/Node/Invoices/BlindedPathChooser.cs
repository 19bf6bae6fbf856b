using LnRelay.Node.Routing;

namespace LnRelay.Node.Invoices;

/// <summary>
/// How a payee picks the blinded path it publishes (docs/blinded-paths.md, "Invoices"): from its
/// own view of the graph, a simple path of open, enabled channels that ends at the payee, with
/// <c>hops</c> relays before it (the introduction node first), chosen at random among all such
/// paths so a payer cannot guess the payee from which paths it is offered. With an explicit
/// introduction node, only paths that start there (the shortest ones when no length is asked).
/// </summary>
internal static class BlindedPathChooser
{
    /// <summary>The longest path a payee writes (relays before it).</summary>
    public const int MaxHops = 6;

    // Enough to choose from; more would only cost time in a large graph.
    private const int MaxCandidates = 512;

    /// <summary>The relays' outgoing edges in path order (edge 0 leaves the introduction node; the last arrives at the payee); null with the reason.</summary>
    public static IReadOnlyList<GraphEdge>? Choose(PayerGraph graph, string payee, int? hops, string? introduction, Func<int, int> random, out string? error)
    {
        error = null;
        var closed = graph.Network.Channels.Where(c => c.Closed).Select(c => c.ShortChannelId.Value).ToHashSet();
        var lengths = hops is { } n ? [n] : introduction is null ? [2] : Enumerable.Range(1, MaxHops).ToArray();
        foreach (var length in lengths)
        {
            var candidates = new List<GraphEdge[]>();
            Walk(graph, closed, payee, length, [payee], [], candidates);
            if (introduction is not null)
            {
                candidates.RemoveAll(p => p[0].From.Name != introduction);
            }

            if (candidates.Count > 0)
            {
                return candidates[random(candidates.Count)];
            }
        }

        error = introduction is null
            ? $"no path of {hops ?? 2} open channels ends at {payee}; ask for fewer hops"
            : $"no path of {(hops is { } h ? h.ToString() : $"at most {MaxHops}")} open channels leads from {introduction} to {payee}; ask for another introduction node or another number of hops";
        return null;
    }

    /// <summary>Backwards from the payee: every simple path of <paramref name="left"/> more edges, collected in path order.</summary>
    private static void Walk(PayerGraph graph, HashSet<ulong> closed, string node, int left, HashSet<string> visited, List<GraphEdge> suffix, List<GraphEdge[]> found)
    {
        if (found.Count >= MaxCandidates)
        {
            return;
        }

        if (left == 0)
        {
            found.Add([.. suffix]);
            return;
        }

        foreach (var edge in graph.EdgesInto(node).OrderBy(e => e.From.Name, StringComparer.Ordinal))
        {
            if (closed.Contains(edge.ShortChannelId.Value) || !edge.Policy.Enabled || !visited.Add(edge.From.Name))
            {
                continue;
            }

            suffix.Insert(0, edge);
            Walk(graph, closed, edge.From.Name, left - 1, visited, suffix, found);
            suffix.RemoveAt(0);
            visited.Remove(edge.From.Name);
        }
    }
}
