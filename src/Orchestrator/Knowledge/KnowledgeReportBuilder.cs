using LnRelay.Node.Logging;

namespace LnRelay.Orchestrator.Knowledge;

/// <summary>
/// Builds a <see cref="KnowledgeReport"/> from a network's logs. Rows come from the
/// HopView events of one payment, ordered along the route by <see cref="RouteChain"/>;
/// every "knew …" cell comes from <see cref="KnowledgeDerivation"/> over that node's own
/// events carrying the payment hash. Where a HopView's own Knows… flag disagrees with
/// what its log shows, a note says so.
/// </summary>
internal static class KnowledgeReportBuilder
{
    public static KnowledgeResult Build(NetworkLogs logs, string? paymentHash)
    {
        var events = logs.Events.ToList();
        var payments = PaymentIndex.Of(events);
        string? chosen = null;
        if (paymentHash is null)
        {
            var recent = payments.FirstOrDefault(p => p.IsMultiHop);
            if (recent is null)
            {
                return KnowledgeResult.Failed(payments.Count == 0
                    ? "no payment in the logs (no HopView event): send one first, e.g. with 'lnrelay pay'."
                    : $"no multi-hop payment in the logs; payments found: {PaymentIndex.List(payments)}. Pass --payment HASH to see one of them.");
            }

            paymentHash = recent.PaymentHash;
            chosen = $"the most recent multi-hop payment in the logs: {recent.Describe()}";
        }

        var hash = Normalize(paymentHash);
        // A point-locked payment (docs/ptlc.md) has a different lock at every hop: only the
        // origin's HopView, under the payment's key Z, lists them; its hops' events carry their own lock.
        var keys = PointLocks(events, hash);
        var forHash = events.Where(e => e.PaymentHash is { } h && keys.Contains(h)).ToList();
        var hopViews = forHash.Where(e => e.Is(KnowledgeNames.HopView)).ToList();
        if (hopViews.Count == 0)
        {
            var seen = forHash.Count > 0 ? $" ({forHash.Count} event(s) carry it, but no HopView)" : "";
            return KnowledgeResult.Failed($"payment hash {hash} has no HopView in the logs{seen}. Recent payments: {PaymentIndex.List(payments)}.");
        }

        var notes = new List<string>();
        var chain = RouteChain.Follow(hopViews, notes);
        var origin = chain[0].Text(LogFields.Role) == KnowledgeNames.OriginRole ? chain[0].Node : null;
        var destination = KnowledgeNames.IsFinal(chain[^1].Text(LogFields.Role))
            ? chain[^1].Node
            : chain[0].Text(LogFields.Destination);
        var ids = NodeIds(events);
        var rows = chain.Select((view, i) => Row(i, view, forHash, origin, destination, ids, notes)).ToList();

        if (chain[0].Text(LogFields.IntroductionNode) is { } introduction)
        {
            // The origin paid a blinded path (docs/blinded-paths.md): say what it saw instead of the destination.
            notes.Add($"A blinded payment: the origin never saw the destination. It saw the introduction node {introduction}, "
                + $"{chain[0].Text(LogFields.BlindedHops)} blinded hops (dummies included, blinded node ids only) and blobs of one length, "
                + $"{chain[0].Text(LogFields.BlobLength)} bytes each; its route length counts those blinded hops, not the real ones.");
        }

        var attempts = origin is null ? 0 : hopViews.Count(v => v.Node == origin && v.Text(LogFields.Role) == KnowledgeNames.OriginRole);
        if (attempts > 1)
        {
            notes.Add($"The origin sent {attempts} HTLCs for this payment (parts of a multi-part payment, or retries; listed below); the rows follow the last one.");
        }

        var offRoute = hopViews.Select(v => v.Node).Distinct(StringComparer.Ordinal).Except(rows.Select(r => r.Node), StringComparer.Ordinal).ToList();
        if (offRoute.Count > 0)
        {
            notes.Add($"Also logged a HopView for this hash, off the route shown (an earlier attempt): {string.Join(", ", offRoute)}.");
        }

        var skipped = logs.Skipped.ToList();
        if (skipped.Count > 0)
        {
            notes.Add($"{skipped.Count} log line(s) could not be used: {string.Join(" ", skipped.Take(3))}");
        }

        var point = keys.Count > 1;
        var locks = chain.Select(v => v.Text(LogFields.Role) == KnowledgeNames.OriginRole
            ? new HopLock(v.Node, null, v.Text(LogFields.LockOut))
            : new HopLock(v.Node, v.Text(LogFields.LockIn), v.Text(LogFields.LockOut))).ToList();
        var report = new KnowledgeReport(
            hash, Outcome(forHash, origin, destination), rows, Math.Max(attempts, 1), Footnotes(rows, origin, destination), notes,
            point ? KnowledgeReport.PointLockLimit : KnowledgeReport.HonestLimit, point ? KnowledgeNames.PointLock : "hash", locks)
        {
            Parts = PartsKnowledge.Of(hopViews, origin, point),
        };
        return new KnowledgeResult(report, null, chosen);
    }

    /// <summary>The payment's key, plus every hop lock its origin listed when it is point-locked.</summary>
    private static HashSet<string> PointLocks(List<LogEvent> events, string key)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal) { key };
        foreach (var origin in events.Where(e => e.PaymentHash == key && e.Is(KnowledgeNames.HopView) && e.Text(LogFields.LockKind) == KnowledgeNames.PointLock))
        {
            foreach (var hopLock in (origin.Text(LogFields.Locks) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                keys.Add(hopLock.ToLowerInvariant());
            }
        }

        return keys;
    }

    private static HopKnowledge Row(int index, LogEvent view, List<LogEvent> forHash, string? origin, string? destination, IReadOnlyDictionary<string, string> ids, List<string> notes)
    {
        var own = forHash.Where(e => e.Node == view.Node).ToList();
        var row = new HopKnowledge(
            index,
            view.Node,
            HopView.Read(view),
            KnowledgeDerivation.Origin(view, own, origin, Identifiers(origin, ids)),
            KnowledgeDerivation.Destination(view, own, destination, Identifiers(destination, ids)),
            KnowledgeDerivation.RouteLength(own),
            KnowledgeDerivation.Position(view, own),
            own.Count);
        Compare(view, LogFields.KnowsOrigin, row.KnewOrigin, notes);
        Compare(view, LogFields.KnowsDestination, row.KnewDestination, notes);
        Compare(view, LogFields.KnowsRouteLength, row.KnewRouteLength, notes);
        Compare(view, LogFields.KnowsPosition, row.KnewPosition, notes);
        return row;
    }

    /// <summary>A HopView states what its node believes it knows; the report says when its log shows otherwise.</summary>
    private static void Compare(LogEvent view, string property, Knowledge derived, List<string> notes)
    {
        if (view.Bool(property) is { } claimed && derived.Known is { } shown && claimed != shown)
        {
            notes.Add($"{view.Node}'s HopView says {property} = {claimed.ToString().ToLowerInvariant()}, but its log shows {(shown ? "yes" : "no")}: {derived.Why}.");
        }
    }

    private static string Outcome(List<LogEvent> forHash, string? origin, string? destination)
    {
        var last = forHash.Where(e => e.Node == origin && (e.Is(KnowledgeNames.PaymentSucceeded) || e.Is(KnowledgeNames.PaymentFailed))).MaxBy(e => e.Timestamp ?? DateTimeOffset.MinValue);
        if (last is not null)
        {
            return last.Is(KnowledgeNames.PaymentSucceeded) ? "succeeded" : $"failed: {last.Text(LogFields.Failure) ?? "(no reason logged)"}";
        }

        if (forHash.Any(e => e.Node == destination && e.Is(KnowledgeNames.HtlcSettled)))
        {
            return "settled by the payee (the origin's log shows no result)";
        }

        var failed = forHash.Where(e => e.Is(KnowledgeNames.HtlcFailed)).MinBy(e => e.Timestamp ?? DateTimeOffset.MinValue);
        return failed is not null
            ? $"failed at {failed.Node}: {failed.Text(LogFields.Failure) ?? "(no reason logged)"}"
            : "unknown: no settle or fail logged yet";
    }

    private static List<string> Footnotes(List<HopKnowledge> rows, string? origin, string? destination)
    {
        var cells = rows.SelectMany(r => new[] { r.KnewOrigin, r.KnewDestination, r.KnewRouteLength, r.KnewPosition }).ToList();
        var notes = new List<string>();
        if (cells.Any(c => c.Mark == KnowledgeDerivation.PeerWasOrigin))
        {
            notes.Add($"{KnowledgeDerivation.PeerWasOrigin} its previous hop was the origin ({origin}): it saw that peer offer an HTLC, but nothing in the onion or the message says the peer started the payment rather than relayed it.");
        }

        if (cells.Any(c => c.Mark == KnowledgeDerivation.PeerWasDestination))
        {
            notes.Add($"{KnowledgeDerivation.PeerWasDestination} its next hop was the destination ({destination}): it forwarded to that peer, but its onion layer did not say the peer was the last hop.");
        }

        if (cells.Any(c => c.Mark == KnowledgeDerivation.LastButNotIndex))
        {
            notes.Add($"{KnowledgeDerivation.LastButNotIndex} the payee knows it is the last hop (its onion layer is final), not how many hops came before it.");
        }

        return notes;
    }

    /// <summary>Node name → node id, from each node's NodeStarted event.</summary>
    private static Dictionary<string, string> NodeIds(List<LogEvent> events)
    {
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var e in events.Where(e => e.Is(KnowledgeNames.NodeStarted)))
        {
            if (e.Text(LogFields.NodeId) is { } id)
            {
                ids[e.Text(LogFields.NodeName) ?? e.Node] = id;
            }
        }

        return ids;
    }

    private static HashSet<string> Identifiers(string? node, IReadOnlyDictionary<string, string> ids)
    {
        var set = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (node is not null)
        {
            set.Add(node);
            if (ids.TryGetValue(node, out var id))
            {
                set.Add(id);
            }
        }

        return set;
    }

    private static string Normalize(string hash)
    {
        var text = hash.Trim().ToLowerInvariant();
        return text.StartsWith("0x", StringComparison.Ordinal) ? text[2..] : text;
    }
}
