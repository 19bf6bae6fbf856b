using System.Globalization;
using LnRelay.Node.Network;
using LnRelay.Node.Payments;

namespace LnRelay.Orchestrator.Audit;

/// <summary>One line of the accounting: what was checked, whether it held, what it counted, and every exception found.</summary>
internal sealed record AuditCheck(string Name, bool Passed, string Summary, IReadOnlyList<string> Problems);

/// <summary>
/// The accounting of docs/supervision.md ("lnrelay audit"), a pure function of the network
/// description and what the nodes report: nothing lost, nothing created.
/// <list type="number">
/// <item>payments: every payment a payer started ended (none in flight), once per hash; each one a run saw end ended the same way at the payer; one whose call was cut and that its payer never recorded counts as never started if nothing moved for it;</item>
/// <item>channels: both ends report the channel and agree on both balances and the HTLCs in flight, which add up to its capacity;</item>
/// <item>expiries: no HTLC is in flight at or past its expiry minus the switch's safety margin;</item>
/// <item>invoices: every invoice marked paid has the payer's success or an HTLC still in flight, and every success has its invoice marked paid;</item>
/// <item>money: the msat all nodes hold (balances and HTLCs they offered) is what network.json gave them, and each node's change is what it paid, received and earned in fees.</item>
/// </list>
/// </summary>
internal static class AuditChecks
{
    public static IReadOnlyList<AuditCheck> Run(NetworkDescription network, NetworkSnapshot snapshot, IReadOnlyDictionary<string, PaymentStatus>? seenByRun = null) =>
    [
        Reachable(snapshot),
        Payments(snapshot, seenByRun),
        Channels(snapshot),
        Expiries(snapshot),
        Invoices(snapshot),
        Money(network, snapshot),
    ];

    private static AuditCheck Reachable(NetworkSnapshot s) =>
        new("nodes", s.Unreachable.Count == 0, F($"{s.Nodes.Count} of {s.Nodes.Count + s.Unreachable.Count} nodes answered"), [.. s.Unreachable.Select(u => $"no answer from {u}")]);

    private static AuditCheck Payments(NetworkSnapshot s, IReadOnlyDictionary<string, PaymentStatus>? seen)
    {
        var problems = new List<string>();
        var all = s.Nodes.SelectMany(n => n.Payments.Select(p => (Payer: n.Name, Payment: p))).ToList();
        foreach (var (payer, p) in all.Where(x => x.Payment.Status == PaymentStatus.InFlight))
        {
            problems.Add($"{payer}'s payment {Short(p.PaymentHash)} to {p.Payee} has not ended");
        }

        foreach (var twice in all.GroupBy(x => x.Payment.PaymentHash, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
        {
            problems.Add($"payment {Short(twice.Key)} was started by {string.Join(" and ", twice.Select(x => x.Payer))}");
        }

        var byHash = all.GroupBy(x => x.Payment.PaymentHash, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.First().Payment, StringComparer.OrdinalIgnoreCase);
        var moved = MovedHashes(s);
        var neverStarted = 0;
        foreach (var (hash, status) in seen ?? new Dictionary<string, PaymentStatus>())
        {
            if (!byHash.TryGetValue(hash, out var p))
            {
                // A payer killed between taking the request and committing its record never
                // started the payment (the run saw no end: its call was cut): by the write-ahead
                // rule (docs/store.md) no HTLC of it left the payer, so nothing can have moved.
                // A payment the run saw end, or one something moved for, must be the payer's.
                if (status != PaymentStatus.InFlight || moved.Contains(hash))
                {
                    problems.Add($"payment {Short(hash)} the run sent is unknown to its payer");
                }
                else
                {
                    neverStarted++;
                }
            }
            else if (status != PaymentStatus.InFlight && p.Status != status)
            {
                problems.Add($"payment {Short(hash)} ended {Name(status)} for the run but {Name(p.Status)} at the payer");
            }
        }

        var succeeded = all.Count(x => x.Payment.Status == PaymentStatus.Succeeded);
        var failed = all.Count(x => x.Payment.Status == PaymentStatus.Failed);
        var notStarted = neverStarted == 0 ? "" : F($"; {neverStarted} sent by the run never started (the payer died before recording them, and nothing moved for them)");
        return new("payments", problems.Count == 0, F($"{all.Count} started: {succeeded} succeeded, {failed} failed, {all.Count - succeeded - failed} in flight{notStarted}"), problems);
    }

    /// <summary>Payment hashes something moved for: an HTLC in flight at any node, or an invoice marked paid.</summary>
    private static HashSet<string> MovedHashes(NetworkSnapshot s)
    {
        var moved = s.Nodes.SelectMany(n => n.Htlcs.Htlcs).Select(h => h.PaymentHash).ToHashSet(StringComparer.OrdinalIgnoreCase);
        moved.UnionWith(s.Nodes.SelectMany(n => n.Invoices.Paid).Select(i => i.PaymentHash));
        return moved;
    }

    private static AuditCheck Channels(NetworkSnapshot s)
    {
        var problems = new List<string>();
        var ends = s.Nodes.SelectMany(n => n.Channels.Select(c => (Node: n.Name, Channel: c))).GroupBy(x => x.Channel.ShortChannelId, StringComparer.Ordinal).ToList();
        var reachable = s.Nodes.Select(n => n.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var group in ends)
        {
            var list = group.ToList();
            foreach (var (node, c) in list.Where(x => x.Channel.LocalBalanceMsat + x.Channel.RemoteBalanceMsat + x.Channel.OfferedMsat + x.Channel.ReceivedMsat != x.Channel.CapacityMsat))
            {
                problems.Add(F($"{group.Key} at {node}: local {c.LocalBalanceMsat} + remote {c.RemoteBalanceMsat} + in flight {c.OfferedMsat + c.ReceivedMsat} msat is not the capacity {c.CapacityMsat}"));
            }

            if (list.Count == 1)
            {
                if (reachable.Contains(list[0].Channel.Peer))
                {
                    problems.Add($"{group.Key}: {list[0].Node} has it, {list[0].Channel.Peer} does not");
                }

                continue;
            }

            var (a, ca) = list[0];
            var (b, cb) = list[1];
            if (ca.LocalBalanceMsat != cb.RemoteBalanceMsat || ca.RemoteBalanceMsat != cb.LocalBalanceMsat || ca.OfferedMsat != cb.ReceivedMsat || ca.ReceivedMsat != cb.OfferedMsat)
            {
                problems.Add(F($"{group.Key}: {a} says {a} {ca.LocalBalanceMsat} / {b} {ca.RemoteBalanceMsat} (in flight {ca.OfferedMsat} out, {ca.ReceivedMsat} in), {b} says {a} {cb.RemoteBalanceMsat} / {b} {cb.LocalBalanceMsat} (in flight {cb.ReceivedMsat} out, {cb.OfferedMsat} in)"));
            }
        }

        return new("channels", problems.Count == 0, F($"{ends.Count} channels, both ends compared"), problems);
    }

    private static AuditCheck Expiries(NetworkSnapshot s)
    {
        var problems = new List<string>();
        var inFlight = 0;
        foreach (var n in s.Nodes)
        {
            inFlight += n.Htlcs.Htlcs.Count;
            foreach (var h in n.Htlcs.Htlcs.Where(h => (ulong)n.Htlcs.BlockHeight + n.Htlcs.ExpirySafetyMarginBlocks >= h.CltvExpiry))
            {
                problems.Add(F($"{n.Name}: HTLC {h.Id} {h.Direction} on {h.ShortChannelId} ({h.AmountMsat} msat, {Short(h.PaymentHash)}) is in flight at height {n.Htlcs.BlockHeight}, past its expiry {h.CltvExpiry} minus {n.Htlcs.ExpirySafetyMarginBlocks} blocks"));
            }
        }

        return new("expiries", problems.Count == 0, F($"{inFlight} HTLC ends in flight"), problems);
    }

    private static AuditCheck Invoices(NetworkSnapshot s)
    {
        var problems = new List<string>();
        var inFlight = s.Nodes.SelectMany(n => n.Htlcs.Htlcs).Select(h => h.PaymentHash).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var successes = s.Nodes.SelectMany(n => n.Payments).Where(p => p.Status == PaymentStatus.Succeeded).ToList();
        var succeededHashes = successes.Select(p => p.PaymentHash).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var paid = 0;
        foreach (var n in s.Nodes)
        {
            foreach (var invoice in n.Invoices.Paid)
            {
                paid++;
                if (!succeededHashes.Contains(invoice.PaymentHash) && !inFlight.Contains(invoice.PaymentHash))
                {
                    problems.Add($"{n.Name}'s invoice {Short(invoice.PaymentHash)} is paid, but no payer succeeded and no HTLC for it is in flight");
                }
            }
        }

        var paidAt = s.Nodes.ToDictionary(n => n.Name, n => n.Invoices.Paid.Select(i => i.PaymentHash).ToHashSet(StringComparer.OrdinalIgnoreCase), StringComparer.Ordinal);
        foreach (var p in successes)
        {
            if (paidAt.TryGetValue(p.Payee, out var hashes) && !hashes.Contains(p.PaymentHash) && !inFlight.Contains(p.PaymentHash))
            {
                problems.Add($"payment {Short(p.PaymentHash)} succeeded, but {p.Payee} has no paid invoice for it");
            }
        }

        return new("invoices", problems.Count == 0, F($"{paid} invoices paid, {successes.Count} payments succeeded"), problems);
    }

    private static AuditCheck Money(NetworkDescription network, NetworkSnapshot s)
    {
        var problems = new List<string>();
        if (s.Unreachable.Count > 0)
        {
            return new("money", false, "not counted: not every node answered", ["count again once every node answers"]);
        }

        long total = 0;
        long feesPaid = 0;
        long feesEarned = 0;
        var rows = new List<string>();
        var nodeNames = s.Nodes.Select(n => n.Name).ToHashSet(StringComparer.Ordinal);
        var successes = s.Nodes.SelectMany(x => x.Payments).Where(p => p.Status == PaymentStatus.Succeeded).ToList();
        foreach (var n in s.Nodes)
        {
            var initial = network.ChannelsOf(n.Name).Sum(c => (long)c.BalanceOf(n.Name));
            var now = n.Channels.Sum(c => (long)c.LocalBalanceMsat + (long)c.OfferedMsat);
            var delta = now - initial;
            total += delta;
            var spent = n.Payments.Where(p => p.Status == PaymentStatus.Succeeded).Sum(p => (long)p.AmountMsat + (long)(p.FeeMsat ?? 0));
            feesPaid += n.Payments.Where(p => p.Status == PaymentStatus.Succeeded).Sum(p => (long)(p.FeeMsat ?? 0));
            // A payer that paid into a blinded path never learns its payee and records a stand-in name
            // (docs/blinded-paths.md); such a payment was received by the node that holds its invoice as paid.
            var paidHere = n.Invoices.Paid.Select(i => i.PaymentHash).ToHashSet(StringComparer.OrdinalIgnoreCase);
            var received = successes.Where(p => p.Payee == n.Name || (!nodeNames.Contains(p.Payee) && paidHere.Contains(p.PaymentHash))).Sum(p => (long)p.AmountMsat);
            var earned = delta + spent - received;
            feesEarned += earned;
            if (earned < 0)
            {
                problems.Add(F($"{n.Name} holds {delta:+#;-#;0} msat against network.json, but paid {spent} and received {received}: {-earned} msat unexplained"));
            }

            rows.Add(F($"{n.Name} {delta:+#;-#;0}"));
        }

        if (total != 0)
        {
            problems.Add(F($"all nodes together hold {total:+#;-#;0} msat against network.json: money was {(total > 0 ? "created" : "lost")}"));
        }

        if (feesEarned != feesPaid)
        {
            problems.Add(F($"relays earned {feesEarned} msat in fees, payers paid {feesPaid}"));
        }

        return new("money", problems.Count == 0, F($"total change {total} msat; fees {feesPaid} msat moved to relays ({string.Join(", ", rows)})"), problems);
    }

    private static string Name(PaymentStatus status) => Rendering.PaymentTable.Status(status);

    private static string Short(string hash) => hash.Length > 12 ? hash[..12] + "…" : hash;

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
