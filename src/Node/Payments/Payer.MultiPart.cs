using LnRelay.Node.Logging;
using LnRelay.Node.MultiPart;
using LnRelay.Node.Routing;
using LnRelay.Node.Switch;
using LnRelay.Sphinx.Blinding;
using LnRelay.Sphinx.Onion;
using Microsoft.Extensions.Logging;

namespace LnRelay.Node.Payments;

// A payment no single route carries, sent as several HTLCs with the same payment_hash,
// payment_secret and total_msat (BOLT 4 "Basic Multi-Part Payments", writer; docs/mpp.md).
internal sealed partial class Payer
{
    /// <summary>
    /// Covers the amount with parts (<see cref="PartPlanner"/>), sends them at once over the
    /// routes chosen, and as each ends: a settled part means the payee settled the whole set;
    /// a failed one teaches the route finder (as for one HTLC) and its amount is split again
    /// and re-sent, until the payment succeeds, the payee refuses (a final failure, such as
    /// mpp_timeout), or the part limit, the fee limit or the deadline stops new parts. The
    /// result lists every part.
    /// </summary>
    private async Task<PaymentResult> PayInPartsAsync(PaymentRequest request, PaymentResult inFlight, PathConstraints constraints, List<PaymentAttempt> attempts, long started, CancellationToken cancellationToken)
    {
        var policy = request.Split;
        var hashHex = inFlight.PaymentHash;
        var deadline = time.GetUtcNow() + policy.Deadline;
        var pending = new Dictionary<Task<AttemptOutcome>, SentPart>();
        var parts = new List<PaymentPart>();
        var remaining = request.AmountMsat;
        var sentCount = 0;
        ulong feesInUse = 0;
        byte[]? preimage = null;
        PaymentFailure? stop = null;
        log.LogInformation(NodeLogEvents.RouteChosen, "Payment {PaymentHash}: no single route carries {AmountMsat} msat; splitting ({Split})", hashHex, request.AmountMsat, policy.ToString());
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (preimage is null && stop is null && remaining > 0)
            {
                stop = SendParts(request, constraints, policy, deadline, pending, ref remaining, ref sentCount, ref feesInUse);
            }

            if (pending.Count == 0)
            {
                break;
            }

            var done = await Task.WhenAny(pending.Keys).WaitAsync(cancellationToken);
            pending.Remove(done, out var sent);
            var outcome = await done;
            var amount = sent!.AmountMsat;
            if (outcome.Kind == AttemptOutcomeKind.Fulfilled && PaymentLock.TryProof(request.PaymentHash, sent.PayerTweak, outcome.Preimage!, out var proof))
            {
                // The proof: the preimage, or the payee's z recovered from this part's own scalar (docs/ptlc.md).
                preimage = proof;
                PartReservations.Release(constraints, sent.Route);
                parts.Add(new PaymentPart(sent.Number, sent.Route.NodeNames, amount, sent.FeeMsat, PartOutcome.Settled, null));
                continue;
            }

            // Learnt while the part still counts as in flight: a liquidity bound includes it.
            var (failure, final) = Learn(outcome, sent.Route, sent.SharedSecrets, constraints, request.Blinded);
            PartReservations.Release(constraints, sent.Route);
            parts.Add(new PaymentPart(sent.Number, sent.Route.NodeNames, amount, sent.FeeMsat, PartOutcome.Failed, failure));
            log.LogInformation(NodeLogEvents.PaymentAttemptFailed, "Part {Part} of {PaymentHash} ({PartMsat} msat over {Route}) failed at hop {Hop} ({FailingNode}): {Failure}", sent.Number, hashHex, amount, sent.Route.ToString(), failure.Hop, failure.Node ?? "(us)", failure.Name);
            if (preimage is not null)
            {
                continue;
            }

            feesInUse -= sent.FeeMsat;
            remaining += amount;
            if (final)
            {
                // The payee refused (mpp_timeout, or its checks): the set is gone; send nothing more.
                stop ??= failure;
            }
        }

        if (parts.Count == 0)
        {
            // Not one part could be sent: the payment ends as a single-route payment would have,
            // with the last attempt's failure if there was one.
            return Failed(inFlight, attempts, attempts.LastOrDefault()?.Failure ?? stop!, started);
        }

        parts.Sort((a, b) => a.Part.CompareTo(b.Part));
        var settled = parts.Where(p => p.Outcome == PartOutcome.Settled).ToList();
        var result = inFlight with
        {
            Status = preimage is null ? PaymentStatus.Failed : PaymentStatus.Succeeded,
            Preimage = preimage is null ? null : Convert.ToHexStringLower(preimage),
            FeeMsat = preimage is null ? null : settled.Aggregate(0UL, (sum, p) => sum + p.FeeMsat),
            Attempts = [.. attempts, .. parts.Select(p => new PaymentAttempt(p.Route, p.FeeMsat, p.Failure))],
            Parts = parts,
            Split = policy.ToString(),
            Failure = preimage is null ? stop ?? parts.LastOrDefault()?.Failure : null,
            ElapsedMs = (long)time.GetElapsedTime(started).TotalMilliseconds,
        };
        store.Complete(result);
        if (preimage is not null)
        {
            log.LogInformation(NodeLogEvents.PaymentSucceeded, "Payment {PaymentHash} to {Payee} succeeded in {Parts} part(s) ({Sent} sent), fee {FeeMsat} msat", hashHex, request.Payee, settled.Count, parts.Count, result.FeeMsat);
        }
        else
        {
            var failure = result.Failure!;
            log.LogInformation(NodeLogEvents.PaymentFailed, "Payment {PaymentHash} to {Payee} failed: {Failure} at hop {Hop} ({FailingNode}) after {Attempts} part(s)", hashHex, request.Payee, failure.Name, failure.Hop, failure.Node ?? "(us)", parts.Count);
        }

        return result;
    }

    /// <summary>Plans and sends parts for what is not covered; returns the failure that stops new parts, or null.</summary>
    private PaymentFailure? SendParts(PaymentRequest request, PathConstraints constraints, SplitPolicy policy, DateTimeOffset deadline, Dictionary<Task<AttemptOutcome>, SentPart> pending, ref ulong remaining, ref int sentCount, ref ulong feesInUse)
    {
        if (time.GetUtcNow() >= deadline)
        {
            return PaymentFailure.Here(PaymentFailureKind.DeadlinePassed, $"{remaining} msat were still not covered {policy.Deadline.TotalSeconds:0} s after the payment started");
        }

        // Retries are bounded: each failure teaches the route finder something, and this many
        // parts in all (settled, failed or in flight) is the most a payment sends.
        if (sentCount >= policy.MaxParts * MaxAttempts)
        {
            return PaymentFailure.Here(PaymentFailureKind.PartLimit, $"{sentCount} parts sent and {remaining} msat still not covered");
        }

        constraints.OriginBalances.Clear();
        foreach (var (scid, balance) in htlcSwitch.SpendableBalances())
        {
            constraints.OriginBalances[scid] = balance;
        }

        var height = htlcSwitch.BlockHeight;
        var finalCltv = checked(height + request.MinFinalCltvExpiryDelta + FinalExpiryPaddingBlocks);

        // To a blinded invoice every part goes to the introduction node, over its own route, with
        // what the path's pay info asks for that part; the path's hops are appended to its onion,
        // the final one with this part's amount and total_amount_msat = the whole payment (BOLT 4
        // "Route Blinding"; docs/mpp.md, "Blinded parts").
        var blindedParts = new Dictionary<Route, (ulong Amount, BlindedPaymentRoute Path)>(ReferenceEqualityComparer.Instance);
        Route? Find(ulong amount)
        {
            if (request.Blinded is not { } path)
            {
                return PathFinder.FindRoute(graph, htlcSwitch.NodeName, request.Payee, amount, finalCltv, constraints);
            }

            BlindedPaymentRoute blinded;
            try
            {
                blinded = BlindedPaymentRoute.Create(path.Path, path.PayInfo, amount, checked(height + FinalExpiryPaddingBlocks), request.AmountMsat);
            }
            catch (OverflowException)
            {
                return null;
            }

            var route = PathFinder.FindRoute(graph, htlcSwitch.NodeName, path.IntroductionNode, blinded.IntroductionAmountMsat, blinded.IntroductionCltvExpiry, constraints);
            if (route is not null)
            {
                blindedParts[route] = (amount, blinded);
            }

            return route;
        }

        ulong FeeOf(Route route) => blindedParts.TryGetValue(route, out var b) ? route.First.IncomingAmountMsat - b.Amount : route.FeeMsat;
        var plan = PartPlanner.Plan(
            remaining,
            pending.Count,
            feesInUse,
            policy,
            Find,
            route => PartReservations.Reserve(constraints, route),
            FeeOf);
        if (!plan.Covered)
        {
            foreach (var route in plan.Routes)
            {
                PartReservations.Release(constraints, route);
            }

            // With parts in flight, a failure among them may free what this plan lacked: plan again then.
            if (pending.Count > 0 && plan.Failure == PartPlanFailure.NoRoute)
            {
                return null;
            }

            return plan.Failure switch
            {
                PartPlanFailure.PartLimit => PaymentFailure.Here(PaymentFailureKind.PartLimit, $"{remaining} msat need more than {policy.MaxParts} parts at once over the routes left"),
                PartPlanFailure.FeeLimit => PaymentFailure.Here(PaymentFailureKind.FeeLimit, $"covering {remaining} msat more would pay over {policy.MaxFeeMsat} msat in fees"),
                _ => PaymentFailure.Here(PaymentFailureKind.NoRoute, $"no route left carries a part of {remaining} msat, nor half of it down to {policy.MinPartMsat} msat"),
            };
        }

        foreach (var route in plan.Routes)
        {
            sentCount++;
            // The final payload's total_msat is the whole payment's, the same for every part (BOLT 4
            // "Basic Multi-Part Payments"). A point lock draws fresh tweaks for every part, so no two
            // parts share a lock on any channel (docs/ptlc.md, "Multi-part payments").
            var blinded = blindedParts.TryGetValue(route, out var b) ? b.Path : null;
            using var partLock = PaymentLock.For(request, route, Scalars, blinded?.Hops.Count ?? 0);
            var amount = blinded is null ? route.Final.AmountToForwardMsat : b.Amount;
            var fee = FeeOf(route);
            List<OnionHop> hops = blinded is null
                ? [.. route.Hops.Select((h, k) => new OnionHop(h.Node.NodeId, partLock.Payload(h, k)))]
                : [.. route.Hops.SkipLast(1).Select((h, k) => new OnionHop(h.Node.NodeId, partLock.Payload(h, k))), .. BlindedHops(request, blinded, partLock, route.Hops.Count - 1, height, b.Amount)];
            if (!partLock.TryBuildOnion(sessionKeys, hops, out var onion, out var refusal))
            {
                PartReservations.Release(constraints, route);
                return PaymentFailure.Here(PaymentFailureKind.OnionTooLarge, refusal);
            }

            log.LogInformation(NodeLogEvents.RouteChosen, "Part {Part} of {PaymentHash}: {PartMsat} msat over {Route}, fee {FeeMsat} msat", sentCount, Convert.ToHexStringLower(request.PaymentHash), amount, route.ToString() + (request.Blinded is { } d ? $" -> {d}" : ""), fee);
            var origin = partLock.Origin;
            pending[htlcSwitch.StartAttempt(route, request.PaymentHash, onion.Packet, request.Blinded, origin)] = new SentPart(sentCount, route, onion.SharedSecrets, amount, fee, origin?.PayerTweak);
            remaining -= amount;
            feesInUse += fee;
        }

        return null;
    }

    /// <summary>
    /// After a restart with several parts of one payment in flight (docs/store.md, "Recovery"):
    /// the payment ends once every part has. The payee settles all parts or none, so one
    /// fulfilled with the right preimage is a success (fee: what the fulfilled parts carried less
    /// the amount); otherwise it failed, as <see cref="PaymentFailureKind.FailedAfterRestart"/>.
    /// </summary>
    internal async Task ResumePartsAsync(byte[] paymentHash, IReadOnlyList<(ulong? SentMsat, Task<AttemptOutcome> Outcome, byte[]? PtlcTweak)> parts)
    {
        await Task.WhenAll(parts.Select(p => p.Outcome));
        // A point-locked part proves the payment with its own y_0 (docs/ptlc.md, "Multi-part payments").
        var fulfilled = parts.Where(p => p.Outcome.Result.Kind == AttemptOutcomeKind.Fulfilled && PaymentLock.TryProof(paymentHash, p.PtlcTweak, p.Outcome.Result.Preimage!, out _)).ToList();
        if (fulfilled.Count == 0)
        {
            await ResumeAsync(paymentHash, parts[0].SentMsat, parts[0].Outcome, parts[0].PtlcTweak);
            return;
        }

        var sent = fulfilled.All(p => p.SentMsat is not null) ? fulfilled.Aggregate(0UL, (s, p) => s + p.SentMsat!.Value) : (ulong?)null;
        await ResumeAsync(paymentHash, sent, fulfilled[0].Outcome, fulfilled[0].PtlcTweak);
    }

    /// <summary>
    /// A part on its way: its number, route (to the payee, or to a blinded path's introduction
    /// node), the shared secrets to read its failure, the amount it delivers to the payee, its
    /// fee (a blinded path's included), and for a point lock the payer's y_0 of this part.
    /// </summary>
    private sealed record SentPart(int Number, Route Route, IReadOnlyList<byte[]> SharedSecrets, ulong AmountMsat, ulong FeeMsat, byte[]? PayerTweak);
}
