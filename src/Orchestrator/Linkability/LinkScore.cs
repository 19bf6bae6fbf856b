namespace LnRelay.Orchestrator.Linkability;

/// <summary>
/// One linker's claims scored against the truth. A pair is two observations at different
/// colluders; it is true when the payers' records put both in the same payment.
/// <list type="bullet">
/// <item><see cref="Claimed"/>: links the method made; <see cref="Correct"/> of them true, <see cref="Wrong"/> false,
/// <see cref="Unscored"/> with an observation no payer's record explains (left out of precision);</item>
/// <item><see cref="TruePairs"/>: every true pair (the recall's denominator);</item>
/// <item><see cref="PaymentsLinked"/>: shared payments (seen by two colluders or more) with at least one correct link.</item>
/// </list>
/// </summary>
internal sealed record LinkScore(string Method, int Claimed, int Correct, int Wrong, int Unscored, int TruePairs, int PaymentsShared, int PaymentsLinked)
{
    /// <summary>Correct / (correct + wrong); null when the method claimed nothing it could be scored on.</summary>
    public double? Precision => Correct + Wrong == 0 ? null : (double)Correct / (Correct + Wrong);

    /// <summary>Correct / true pairs; null when there was no true pair to find.</summary>
    public double? Recall => TruePairs == 0 ? null : (double)Correct / TruePairs;

    /// <summary>
    /// Scores <paramref name="claims"/>: <paramref name="paymentOf"/> is the truth (an observation's
    /// payment, or null when no payer's record explains it).
    /// </summary>
    public static LinkScore Of(string method, IReadOnlyList<LinkClaim> claims, IReadOnlyList<LinkObservation> observations, Func<LinkObservation, string?> paymentOf)
    {
        var truth = CountTruePairs(observations, paymentOf);
        int correct = 0, wrong = 0, unscored = 0;
        var linked = new HashSet<string>(StringComparer.Ordinal);
        foreach (var claim in claims.DistinctBy(c => c.Key))
        {
            var a = paymentOf(claim.Upstream);
            var b = paymentOf(claim.Downstream);
            if (a is null || b is null)
            {
                unscored++;
            }
            else if (a == b)
            {
                correct++;
                linked.Add(a);
            }
            else
            {
                wrong++;
            }
        }

        var shared = observations
            .Select(o => (o.Node, Payment: paymentOf(o)))
            .Where(p => p.Payment is not null)
            .Distinct()
            .GroupBy(p => p.Payment!, StringComparer.Ordinal)
            .Count(g => g.Count() >= 2);
        return new LinkScore(method, correct + wrong + unscored, correct, wrong, unscored, truth, shared, linked.Count);
    }

    /// <summary>Pairs of observations at different nodes that belong to the same payment.</summary>
    private static int CountTruePairs(IReadOnlyList<LinkObservation> observations, Func<LinkObservation, string?> paymentOf)
    {
        var total = 0;
        foreach (var payment in observations.Select(o => (o, p: paymentOf(o))).Where(x => x.p is not null).GroupBy(x => x.p!, StringComparer.Ordinal))
        {
            var perNode = payment.GroupBy(x => x.o.Node, StringComparer.Ordinal).Select(g => g.Count()).ToList();
            var all = perNode.Sum();
            // All pairs minus the pairs within one node.
            total += (all * (all - 1) / 2) - perNode.Sum(n => n * (n - 1) / 2);
        }

        return total;
    }
}
