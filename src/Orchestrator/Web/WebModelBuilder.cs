using System.Globalization;
using LnRelay.Node.Logging;
using LnRelay.Node.Network;
using LnRelay.Orchestrator.Knowledge;
using LnRelay.Orchestrator.Scenario;

namespace LnRelay.Orchestrator.Web;

/// <summary>
/// Builds the page's <see cref="WebSnapshot"/> from a network description, the nodes' log events
/// (docs/logging.md) and, for a demo run, results.json. Payments come from the payers' own events
/// (RouteChosen, PaymentAttemptFailed, PaymentSucceeded, PaymentFailed); each hop card comes from
/// <see cref="KnowledgeReportBuilder"/>, so the flags are the knowledge table's cells.
/// Deterministic: the same inputs give the same snapshot, byte for byte once serialised.
/// </summary>
internal static class WebModelBuilder
{
    private static readonly string RouteChosen = NodeLogEvents.RouteChosen.Name!;
    private static readonly string AttemptFailed = NodeLogEvents.PaymentAttemptFailed.Name!;
    private static readonly string Forwarded = NodeLogEvents.HtlcForwarded.Name!;
    private const string RouteSeparator = " -> ";

    /// <summary>Today's only kind of payment: one route, one payment_hash (docs/web.md names the kinds to come).</summary>
    public const string SingleKind = "single";

    /// <summary>What locks a hash-locked HTLC: every hop's is the same payment_hash (a point-locked payment gives each hop its own point, docs/ptlc.md).</summary>
    public const string HashLock = "payment_hash";

    public static WebSnapshot Build(
        NetworkDescription network,
        IReadOnlyList<LogEvent> events,
        IReadOnlyList<ResultEntry>? results,
        Func<string, string> nodeState,
        string source,
        TimeSpan? rateWindow = null)
    {
        // A point-locked payment's hops each log their own lock (docs/ptlc.md): its origin's HopView
        // lists them, so they are grouped under the payment's key with the origin's events.
        var paymentOfLock = events
            .Where(e => e.Is(KnowledgeNames.HopView) && e.Text(LogFields.LockKind) == KnowledgeNames.PointLock && e.Text(LogFields.Role) == KnowledgeNames.OriginRole && e.PaymentHash is not null)
            .SelectMany(e => (e.Text(LogFields.Locks) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(l => (Lock: l.ToLowerInvariant(), Payment: e.PaymentHash!)))
            .GroupBy(p => p.Lock, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().Payment, StringComparer.Ordinal);
        var byHash = events.Where(e => e.PaymentHash is not null)
            .GroupBy(e => paymentOfLock.GetValueOrDefault(e.PaymentHash!) ?? e.PaymentHash!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var started = events.Where(e => e.Is(KnowledgeNames.NodeStarted)).ToList();
        var resultsByHash = (results ?? []).GroupBy(r => r.PaymentHash, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);

        var payments = new List<WebPayment>();
        foreach (var (hash, own) in byHash)
        {
            resultsByHash.TryGetValue(hash, out var result);
            if (Payment(hash, own, started, result) is { } payment)
            {
                payments.Add(payment);
            }
        }

        // Payments results.json names but no log shows (a log lost): listed from the results alone.
        foreach (var r in results ?? [])
        {
            if (!byHash.ContainsKey(r.PaymentHash))
            {
                payments.Add(FromResultOnly(r));
            }
        }

        var order = (results ?? []).Select((r, i) => (r.PaymentHash, i)).GroupBy(p => p.PaymentHash).ToDictionary(g => g.Key, g => g.First().i, StringComparer.Ordinal);
        payments = payments
            .OrderBy(p => order.TryGetValue(p.Hash, out var i) ? i : int.MaxValue)
            .ThenBy(p => p.StartedAt ?? DateTimeOffset.MaxValue)
            .ThenBy(p => p.Hash, StringComparer.Ordinal)
            .ToList();

        var channels = Channels(network, payments);
        var inFlightByNode = payments.Where(p => p.Status == "in_flight").SelectMany(p => p.Parts.SelectMany(part => part.Hops)).GroupBy(h => h.Node).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var forwards = events.Where(e => e.Is(Forwarded)).GroupBy(e => e.Node).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var nodes = network.Nodes.Select(n => new WebNode(
            n.Name,
            n.NodeId.ToString(),
            nodeState(n.Name),
            forwards.GetValueOrDefault(n.Name),
            inFlightByNode.GetValueOrDefault(n.Name))).ToList();
        var counters = WebCountersBuilder.Build(payments, events, rateWindow);
        var svg = NetworkMapSvg.Render(nodes, channels);
        return new WebSnapshot(
            network.Network,
            source,
            nodes,
            channels,
            payments,
            counters,
            KnowledgeTableWriter.FlagHeaders,
            KnowledgeTableWriter.Legend,
            KnowledgeReport.HonestLimit,
            svg);
    }

    private static WebPayment? Payment(string hash, List<LogEvent> own, List<LogEvent> started, ResultEntry? result)
    {
        var originView = own.Where(e => e.Is(KnowledgeNames.HopView) && e.Text(LogFields.Role) == KnowledgeNames.OriginRole).MinBy(At);
        if (originView is null && result is null)
        {
            // Not a payment this network's payers started (or the payer's log is missing): nothing to draw from.
            return null;
        }

        var payer = originView?.Node ?? result!.From;
        var mine = own.Where(e => e.Node == payer).ToList();
        var chosen = mine.Where(e => e.Is(RouteChosen)).OrderBy(e => e.UInt64(LogFields.Attempt) ?? 0).ThenBy(At).ToList();
        var succeeded = mine.LastOrDefault(e => e.Is(KnowledgeNames.PaymentSucceeded));
        var failed = mine.LastOrDefault(e => e.Is(KnowledgeNames.PaymentFailed));
        var end = succeeded ?? failed;
        var status = succeeded is not null ? "succeeded" : failed is not null ? "failed" : result?.Status ?? "in_flight";
        var routeText = succeeded?.Text(LogFields.Route) ?? chosen.LastOrDefault()?.Text(LogFields.Route);
        var route = routeText is not null ? routeText.Split(RouteSeparator).ToList() : result?.Route?.ToList() ?? [];

        var tries = chosen.Select(c =>
        {
            var n = (int)(c.UInt64(LogFields.Attempt) ?? 0);
            var attemptRoute = (c.Text(LogFields.Route) ?? "").Split(RouteSeparator);
            var f = mine.FirstOrDefault(e => e.Is(AttemptFailed) && e.UInt64(LogFields.Attempt) == (ulong)n);
            return new WebAttempt(n, string.Join("->", attemptRoute), f is null ? null : FailureOf(f, attemptRoute));
        }).ToList();

        WebFailure? failure = null;
        if (failed is not null)
        {
            failure = FailureOf(failed, route);
        }
        else if (result?.Failure is { } rf)
        {
            failure = WebFailures.Describe(rf.Name, rf.Hop, rf.Node, route);
        }

        var logs = new NetworkLogs([new NodeLog(hash, [.. own, .. started], [])]);
        var knowledge = own.Any(e => e.Is(KnowledgeNames.HopView)) ? KnowledgeReportBuilder.Build(logs, hash).Report : null;
        var hops = knowledge?.Rows.Select((r, i) => Hop(r, failure, LockOf(knowledge, i))).ToList() ?? [];

        var startedAt = chosen.FirstOrDefault()?.Timestamp ?? originView?.Timestamp;
        double? time = result is not null ? result.TimeMs
            : end?.Timestamp is { } done && startedAt is { } from ? Math.Round((done - from).TotalMilliseconds, 1) : null;
        var fee = succeeded?.UInt64(LogFields.FeeMsat) ?? result?.FeeMsat;
        var amount = result?.AmountMsat
            ?? (originView?.UInt64(LogFields.AmountOutMsat) is { } sent && chosen.LastOrDefault()?.UInt64(LogFields.FeeMsat) is { } routeFee && sent >= routeFee ? sent - routeFee : null);
        return new WebPayment(
            hash,
            SingleKind,
            result?.Step,
            payer,
            end?.Text(LogFields.Payee) ?? originView?.Text(LogFields.Destination) ?? result?.To ?? "?",
            amount,
            status,
            route,
            status == "succeeded" ? fee : null,
            Math.Max(tries.Count, result?.Attempts ?? 0),
            failure,
            tries,
            time,
            startedAt,
            hops.Count > 0 ? [new WebPart("1", hops)] : [],
            knowledge?.Footnotes ?? [],
            knowledge?.Notes ?? [],
            knowledge?.Outcome ?? status,
            knowledge?.Limit ?? LimitFor(result?.Lock));
    }

    private static WebPayment FromResultOnly(ResultEntry r)
    {
        var route = r.Route?.ToList() ?? [];
        return new WebPayment(
            r.PaymentHash, SingleKind, r.Step, r.From, r.To, r.AmountMsat, r.Status, route, r.FeeMsat, r.Attempts,
            r.Failure is { } f ? WebFailures.Describe(f.Name, f.Hop, f.Node, route) : null,
            [], r.TimeMs, null, [], [], ["No node log shows this payment: it is listed from results.json alone."], r.Status, LimitFor(r.Lock));
    }

    /// <summary>The knowledge table's limit paragraph for a payment's lock ("hash" or "point", results.json), as 'lnrelay knowledge' prints it.</summary>
    private static string LimitFor(string? lockKind) => lockKind == KnowledgeNames.PointLock ? KnowledgeReport.PointLockLimit : KnowledgeReport.HonestLimit;

    private static WebFailure FailureOf(LogEvent e, IReadOnlyList<string> route)
    {
        var hop = e.Text(LogFields.Hop) is { } h && int.TryParse(h, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n : WebFailures.PayerHop;
        return WebFailures.Describe(e.Text(LogFields.Failure) ?? "unknown", hop, e.Text(LogFields.FailingNode), route);
    }

    /// <summary>What locked a hop's HTLC: <see cref="HashLock"/>, or for a point-locked payment the hop's own point (hex; the origin's is the one it sent).</summary>
    private static string LockOf(KnowledgeReport report, int row) =>
        report.LockKind == KnowledgeNames.PointLock && report.Locks is { } locks && row < locks.Count
            ? locks[row].LockIn ?? locks[row].LockOut ?? HashLock
            : HashLock;

    private static WebHop Hop(HopKnowledge r, WebFailure? failure, string lockText)
    {
        var flags = new[] { r.KnewOrigin, r.KnewDestination, r.KnewRouteLength, r.KnewPosition }
            .Select((k, i) => new WebFlag(KnowledgeTableWriter.FlagHeaders[i], k.Cell, k.Why)).ToList();
        var failedHere = failure is not null && (failure.Node == r.Node || (failure.Node is null && failure.Hop == WebFailures.PayerHop && r.View.Role == KnowledgeNames.OriginRole));
        return new WebHop(r.Position, r.Node, r.View.Role, r.View.PrevNode, r.View.NextNode, r.View.InChannel, r.View.OutChannel, r.View.AmountInMsat, r.View.AmountOutMsat, r.View.FeeMsat, r.View.CltvIn, r.View.CltvOut, r.View.CltvDelta, flags, failedHere, Blinded: false, lockText);
    }

    /// <summary>network.json's balances moved by every settled route: each hop's amount out goes from it to its next hop on its out channel.</summary>
    private static List<WebChannel> Channels(NetworkDescription network, List<WebPayment> payments)
    {
        var balance = network.Channels.ToDictionary(c => c.ShortChannelId.ToString(), c => (Node1: c.Node1BalanceMsat, Node2: c.Node2BalanceMsat), StringComparer.Ordinal);
        foreach (var hop in payments.Where(p => p.Status == "succeeded").SelectMany(p => p.Parts.SelectMany(part => part.Hops)))
        {
            if (hop.OutChannel is { } scid && hop.AmountOutMsat is { } amount && balance.TryGetValue(scid, out var b))
            {
                var channel = network.Channels.First(c => c.ShortChannelId.ToString() == scid);
                var fromNode1 = channel.Node1.Name == hop.Node;
                if ((fromNode1 ? b.Node1 : b.Node2) >= amount)
                {
                    balance[scid] = fromNode1 ? (b.Node1 - amount, b.Node2 + amount) : (b.Node1 + amount, b.Node2 - amount);
                }
            }
        }

        return network.Channels.Select(c =>
        {
            var scid = c.ShortChannelId.ToString();
            return new WebChannel(scid, c.Node1.Name, c.Node2.Name, c.CapacityMsat, balance[scid].Node1, balance[scid].Node2, c.Closed);
        }).ToList();
    }

    private static DateTimeOffset At(LogEvent e) => e.Timestamp ?? DateTimeOffset.MinValue;
}
