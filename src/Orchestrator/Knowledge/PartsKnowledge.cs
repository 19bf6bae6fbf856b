using LnRelay.Node.Logging;

namespace LnRelay.Orchestrator.Knowledge;

/// <summary>One HTLC the origin sent for the payment (a part of a multi-part payment, or a retry): its number, route, amount and whether it reached the payee.</summary>
internal sealed record PartRoute(int Part, IReadOnlyList<string> Route, ulong? AmountMsat, bool ReachedPayee);

/// <summary>A node and the HTLCs of the payment it saw; two or more link them (the same payment_hash, or for point locks what the heuristic reads).</summary>
internal sealed record NodeParts(string Node, IReadOnlyList<int> Parts)
{
    public bool Linked => Parts.Count >= 2;
}

/// <summary>
/// For a payment the origin sent as several HTLCs (docs/mpp.md, "What nodes learn"): each
/// HTLC's route, which of them each node saw, and the linkage they allow.
/// </summary>
internal sealed record PartsKnowledge(IReadOnlyList<PartRoute> Parts, IReadOnlyList<NodeParts> Nodes, string Linkage)
{
    /// <summary>What the per-node columns cannot hide (BOLT 4 basic MPP: every part carries the same payment_hash).</summary>
    public const string LinkageStatement =
        "Every part carries the same payment_hash, so a node on two parts' routes links them, and so do two colluding nodes on " +
        "different routes: together they learn more of the total than any one part shows (the payee alone sees total_msat). " +
        "Settling releases the preimage on every part's route at once.";

    /// <summary>The same for a point-locked payment (docs/ptlc.md, "Multi-part payments"): fresh tweaks per part, so no shared value.</summary>
    public const string PointLinkageStatement =
        "Each part carries its own lock points (fresh tweaks per part), so no value on the wire links two parts: a node on two parts' " +
        "routes, or two colluding nodes, can link them only by what remains (amounts, expiries, the time the parts travel together), " +
        "which is what the linkability audit's heuristic measures (docs/privacy.md). The payee alone sees total_msat and the payee point.";

    /// <summary>Null unless the origin's log shows two or more HTLCs for the hash; <paramref name="pointLocked"/> picks the linkage statement.</summary>
    public static PartsKnowledge? Of(IReadOnlyList<LogEvent> hopViews, string? origin, bool pointLocked = false)
    {
        var starts = hopViews
            .Where(v => v.Node == origin && v.Text(LogFields.Role) == KnowledgeNames.OriginRole)
            .OrderBy(v => v.Timestamp ?? DateTimeOffset.MinValue)
            .ToList();
        if (starts.Count < 2)
        {
            return null;
        }

        var parts = new List<PartRoute>();
        var seenBy = new Dictionary<string, SortedSet<int>>(StringComparer.Ordinal);
        var used = new HashSet<LogEvent>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < starts.Count; i++)
        {
            var chain = Follow(hopViews, starts[i], used);
            parts.Add(new PartRoute(i + 1, [.. chain.Select(v => v.Node)], starts[i].UInt64(LogFields.AmountOutMsat), chain[^1].Text(LogFields.Role) == KnowledgeNames.FinalRole));
            foreach (var view in chain.Skip(1))
            {
                if (!seenBy.TryGetValue(view.Node, out var set))
                {
                    seenBy[view.Node] = set = [];
                }

                set.Add(i + 1);
            }
        }

        var nodes = seenBy.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => new NodeParts(p.Key, [.. p.Value])).ToList();
        return new PartsKnowledge(parts, nodes, pointLocked ? PointLinkageStatement : LinkageStatement);
    }

    /// <summary>
    /// One HTLC's hops: from the origin's HopView, each next one is the next node's HopView that
    /// received exactly what the current one sent (channel, amount and expiry; parts of one
    /// payment share the hash, so nothing looser tells them apart), each used by one part only.
    /// </summary>
    private static List<LogEvent> Follow(IReadOnlyList<LogEvent> hopViews, LogEvent start, HashSet<LogEvent> used)
    {
        var chain = new List<LogEvent> { start };
        var current = start;
        while (current.Text(LogFields.NextNode) is { } next && current.Text(LogFields.Role) != KnowledgeNames.FinalRole)
        {
            var found = hopViews
                .Where(v => !used.Contains(v)
                    && v.Node == next
                    && v.Text(LogFields.PrevNode) == current.Node
                    && v.Text(LogFields.InChannel) == current.Text(LogFields.OutChannel)
                    && v.UInt64(LogFields.AmountInMsat) == current.UInt64(LogFields.AmountOutMsat)
                    && v.UInt64(LogFields.CltvIn) == current.UInt64(LogFields.CltvOut))
                .MinBy(v => v.Timestamp ?? DateTimeOffset.MinValue);
            if (found is null)
            {
                break;
            }

            used.Add(found);
            chain.Add(found);
            current = found;
        }

        return chain;
    }
}
