using System.Globalization;
using LnRelay.Orchestrator.Knowledge;

namespace LnRelay.Orchestrator.Linkability;

/// <summary>
/// What colluders learn together about one payment (<c>lnrelay knowledge --collude</c>,
/// docs/privacy.md): which of them were on its route, whether they can link their views of
/// it (by identifier, and by the heuristic linker run over all their traffic), and what the
/// pooled views tell that no single row does: where the payment came from and went, and what
/// the hops between them kept.
/// </summary>
internal sealed record CollusionKnowledge(
    IReadOnlyList<string> Colluders,
    IReadOnlyList<string> OnRoute,
    IReadOnlyList<CollusionLink> Links,
    IReadOnlyList<CollusionFact> Together)
{
    public static CollusionKnowledge Build(KnowledgeReport report, NetworkLogs logs, IReadOnlyList<string> colluders, HeuristicParameters parameters)
    {
        var rows = report.Rows.Where(r => colluders.Contains(r.Node, StringComparer.Ordinal)).ToList();
        var onRoute = rows.Select(r => r.Node).ToList();
        if (rows.Count < 2)
        {
            var who = rows.Count == 0 ? "none of them was" : $"only {rows[0].Node} was";
            return new CollusionKnowledge(colluders, onRoute, [], [new CollusionFact("pooled", $"{who} on this route: nothing to pool")]);
        }

        var colluding = new HashSet<string>(colluders, StringComparer.Ordinal);
        var observations = ObservationReader.Read(logs.Events.Where(e => colluding.Contains(e.Node)), out _);
        var identifier = IdentifierLinker.Link(observations);
        var heuristic = HeuristicLinker.Link(observations, parameters);
        var links = new List<CollusionLink>();
        for (var i = 1; i < rows.Count; i++)
        {
            var up = Find(observations, rows[i - 1], report.PaymentHash);
            var down = Find(observations, rows[i], report.PaymentHash);
            var byId = up is not null && down is not null && identifier.Any(c => Same(c, up, down));
            var byHeuristic = up is not null && down is not null ? heuristic.FirstOrDefault(c => c.Upstream == up && c.Downstream == down) : null;
            links.Add(new CollusionLink(rows[i - 1].Node, rows[i].Node, rows[i].Position - rows[i - 1].Position - 1, byId, byHeuristic is not null, byHeuristic?.GapHops));
        }

        return new CollusionKnowledge(colluders, onRoute, links, Facts(report, rows));
    }

    private static List<CollusionFact> Facts(KnowledgeReport report, List<HopKnowledge> rows)
    {
        var first = rows[0];
        var last = rows[^1];
        var origin = report.Rows[0].View.Role == KnowledgeNames.OriginRole ? report.Rows[0].Node : null;
        var destination = report.Rows[^1].View.Role == KnowledgeNames.FinalRole ? report.Rows[^1].Node : null;
        var facts = new List<CollusionFact>
        {
            new("origin", first.View.Role == KnowledgeNames.OriginRole
                ? $"yes: {first.Node} paid"
                : first.View.PrevNode == origin
                    ? $"{first.View.PrevNode}, as a peer: the origin, which they cannot tell from a relay (no†), now tied to where the payment went"
                    : $"no: it reached {first.Node} from {first.View.PrevNode ?? "?"}, and came from further upstream"),
            new("destination", last.View.Role == KnowledgeNames.FinalRole
                ? $"yes: {last.Node} was paid"
                : last.View.NextNode == destination
                    ? $"{last.View.NextNode}, as a peer: the destination, which they cannot tell from a relay (no‡), now tied to where the payment came from"
                    : $"no: {last.Node} sent it on to {last.View.NextNode ?? "?"}, and it went further"),
        };
        if (first.View.AmountOutMsat is { } sent && last.View.AmountInMsat is { } received && sent >= received && first.View.CltvOut is { } outCltv && last.View.CltvIn is { } inCltv && outCltv >= inCltv)
        {
            facts.Add(new CollusionFact(
                "between them",
                string.Create(CultureInfo.InvariantCulture, $"{first.Node} sent {sent} msat (expiry {outCltv}), {last.Node} received {received} msat (expiry {inCltv}): the hops between kept {sent - received} msat and {outCltv - inCltv} blocks")));
        }

        facts.Add(new CollusionFact(
            "route",
            first.View.Role == KnowledgeNames.OriginRole
                ? "known: the payer is one of them"
                : string.Create(CultureInfo.InvariantCulture, $"at least {last.Position - first.Position + 2} hops (their stretch, the hop before {first.Node} and, unless {last.Node} is the payee, the one after)")));
        return facts;
    }

    private static LinkObservation? Find(List<LinkObservation> observations, HopKnowledge row, string paymentHash) =>
        observations.LastOrDefault(o => o.Node == row.Node && o.Identifiers.Contains(paymentHash, StringComparer.OrdinalIgnoreCase)
            && o.View.AmountInMsat == row.View.AmountInMsat && o.View.AmountOutMsat == row.View.AmountOutMsat && o.View.PrevNode == row.View.PrevNode && o.View.NextNode == row.View.NextNode);

    private static bool Same(LinkClaim claim, LinkObservation a, LinkObservation b) =>
        (claim.Upstream == a && claim.Downstream == b) || (claim.Upstream == b && claim.Downstream == a);
}

/// <summary>Two colluders next to each other in the route order (<see cref="Between"/> honest hops apart) and whether each linker tied their views of this payment.</summary>
internal sealed record CollusionLink(string Upstream, string Downstream, int Between, bool ByIdentifier, bool ByHeuristic, int? HeuristicGap);

/// <summary>One thing the pooled views tell.</summary>
internal sealed record CollusionFact(string What, string Together);
