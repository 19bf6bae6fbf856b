namespace LnRelay.Orchestrator.Linkability;

/// <summary>
/// Links two observations at different colluders when they share an identifier: a value
/// both saw on an HTLC. With HTLCs every hop of a payment sees the same payment_hash
/// (BOLT 2 update_add_htlc), so this links every pair the colluders share; with point locks
/// only adjacent hops share a lock. Pure: observations in, claims out.
/// </summary>
internal static class IdentifierLinker
{
    public static IReadOnlyList<LinkClaim> Link(IReadOnlyList<LinkObservation> observations)
    {
        var byIdentifier = new Dictionary<string, List<LinkObservation>>(StringComparer.OrdinalIgnoreCase);
        foreach (var o in observations)
        {
            foreach (var id in o.Identifiers.Distinct(StringComparer.OrdinalIgnoreCase))
            {
                if (!byIdentifier.TryGetValue(id, out var list))
                {
                    byIdentifier[id] = list = [];
                }

                list.Add(o);
            }
        }

        var claims = new List<LinkClaim>();
        var seen = new HashSet<(int, int)>();
        foreach (var group in byIdentifier.Values)
        {
            for (var i = 0; i < group.Count; i++)
            {
                for (var j = i + 1; j < group.Count; j++)
                {
                    var (a, b) = group[i].At <= group[j].At ? (group[i], group[j]) : (group[j], group[i]);
                    if (a.Node != b.Node)
                    {
                        var claim = new LinkClaim(a, b, null);
                        if (seen.Add(claim.Key))
                        {
                            claims.Add(claim);
                        }
                    }
                }
            }
        }

        return claims;
    }
}
