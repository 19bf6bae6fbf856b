namespace LnRelay.Orchestrator.Linkability;

/// <summary>
/// Links observations by what remains without an identifier (docs/privacy.md, "The heuristic
/// linker"). For an HTLC that colluder U sent on and colluder D received, with k honest hops
/// between them (0 ≤ k ≤ MaxGapHops), it is a candidate when:
/// <list type="bullet">
/// <item>D's observation is stamped within [−Skew, Window] of U's;</item>
/// <item>k = 0: U's next node is D, D's previous node is U, same channel, same amount and expiry
/// (the same HTLC, seen from both ends);</item>
/// <item>k = 1: U's next node is D's previous node (both saw the honest hop as a peer);</item>
/// <item>k ≥ 2: U's next node is not D and D's previous node is not U;</item>
/// <item>U's amount out − D's amount in is a fee k hops may keep, and U's expiry out − D's expiry
/// in a sum of k deltas (<see cref="HeuristicParameters"/>).</item>
/// </list>
/// Candidates are then matched one to one per ordered pair of colluders, nearest in time first
/// (a smaller gap wins a tie): an HTLC U sent reaches D at most once. Pure and deterministic.
/// </summary>
internal static class HeuristicLinker
{
    public static IReadOnlyList<LinkClaim> Link(IReadOnlyList<LinkObservation> observations, HeuristicParameters parameters)
    {
        var byNode = observations.GroupBy(o => o.Node, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var claims = new List<LinkClaim>();
        foreach (var (up, ups) in byNode.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            foreach (var (down, downs) in byNode.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                if (up != down)
                {
                    claims.AddRange(Match(Candidates(ups.Where(o => o.HasOutgoing), downs.Where(o => o.HasIncoming).OrderBy(o => o.At).ToList(), parameters)));
                }
            }
        }

        return claims;
    }

    /// <summary>Whether <paramref name="down"/> may be <paramref name="up"/>'s HTLC after <paramref name="gap"/> honest hops, times aside.</summary>
    public static bool Fits(LinkObservation up, LinkObservation down, int gap, HeuristicParameters parameters)
    {
        var amountOut = up.View.AmountOutMsat!.Value;
        var amountIn = down.View.AmountInMsat!.Value;
        var cltvOut = up.View.CltvOut!.Value;
        var cltvIn = down.View.CltvIn!.Value;
        if (amountOut < amountIn || cltvOut < cltvIn)
        {
            return false;
        }

        var adjacent = up.View.NextNode == down.Node && down.View.PrevNode == up.Node;
        switch (gap)
        {
            case 0:
                return adjacent && up.View.OutChannel == down.View.InChannel && amountOut == amountIn && cltvOut == cltvIn;
            case 1:
                if (up.View.NextNode is null || up.View.NextNode != down.View.PrevNode)
                {
                    return false;
                }

                break;
            default:
                if (up.View.NextNode == down.Node || down.View.PrevNode == up.Node)
                {
                    return false;
                }

                break;
        }

        var (feeMin, feeMax) = parameters.FeeRange(gap, amountIn, amountOut);
        var (cltvMin, cltvMax) = parameters.CltvRange(gap);
        var fee = amountOut - amountIn;
        var delta = (ulong)(cltvOut - cltvIn);
        return fee >= feeMin && fee <= feeMax && delta >= cltvMin && delta <= cltvMax;
    }

    private readonly record struct Candidate(LinkObservation Up, LinkObservation Down, int Gap, TimeSpan Distance);

    private static List<Candidate> Candidates(IEnumerable<LinkObservation> ups, List<LinkObservation> downs, HeuristicParameters parameters)
    {
        var found = new List<Candidate>();
        foreach (var up in ups)
        {
            var from = up.At - parameters.Skew;
            var to = up.At + parameters.Window;
            for (var i = FirstAtOrAfter(downs, from); i < downs.Count && downs[i].At <= to; i++)
            {
                var down = downs[i];
                for (var gap = 0; gap <= parameters.MaxGapHops; gap++)
                {
                    if (Fits(up, down, gap, parameters))
                    {
                        found.Add(new Candidate(up, down, gap, (down.At - up.At).Duration()));
                        break;
                    }
                }
            }
        }

        return found;
    }

    private static IEnumerable<LinkClaim> Match(List<Candidate> candidates)
    {
        var usedUp = new HashSet<int>();
        var usedDown = new HashSet<int>();
        foreach (var c in candidates.OrderBy(c => c.Distance).ThenBy(c => c.Gap).ThenBy(c => c.Up.Index).ThenBy(c => c.Down.Index))
        {
            if (usedUp.Add(c.Up.Index))
            {
                if (usedDown.Add(c.Down.Index))
                {
                    yield return new LinkClaim(c.Up, c.Down, c.Gap);
                }
                else
                {
                    usedUp.Remove(c.Up.Index);
                }
            }
        }
    }

    private static int FirstAtOrAfter(List<LinkObservation> sorted, DateTimeOffset at)
    {
        int lo = 0, hi = sorted.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (sorted[mid].At < at)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }
}
