using LnRelay.Node.Gossip;
using LnRelay.Node.Logging;
using LnRelay.Node.MultiPart;
using LnRelay.Node.Network;
using LnRelay.Node.Privacy;
using LnRelay.Node.Routing;
using LnRelay.Node.Switch;
using LnRelay.Sphinx.Blinding;
using LnRelay.Sphinx.Failures;
using LnRelay.Sphinx.Onion;
using LnRelay.Sphinx.Ptlc;
using Microsoft.Extensions.Logging;

namespace LnRelay.Node.Payments;

/// <summary>What a payer needs from an invoice. <see cref="PaymentHash"/> is the invoice's lock: a 32-byte payment_hash, or the 33-byte payee point Z of a point-locked invoice (docs/ptlc.md).</summary>
public sealed record PaymentRequest(string Payee, ulong AmountMsat, byte[] PaymentHash, byte[] PaymentSecret, ushort MinFinalCltvExpiryDelta)
{
    /// <summary>How the payment may split when no single route carries it (docs/mpp.md); the defaults unless the caller says.</summary>
    public SplitPolicy Split { get; init; } = new();

    /// <summary>Set for a blinded invoice: the path to pay through instead of a payee (<see cref="Payee"/> is then <see cref="BlindedDestination.PayeeName"/>).</summary>
    internal BlindedDestination? Blinded { get; init; }
}

/// <summary>
/// The origin: finds a route, builds the onion with a fresh session key, sends the
/// first HTLC, and on failure decodes and attributes the failure packet and tries
/// again with what it learnt (BOLT 4 "Receiving Failure Codes"): a newer
/// channel_update is used for this payment's retries only: lnrelay has no gossip, so a payer that
/// kept it would never hear the policy go back and would overpay from then on; a NODE failure excludes the node; a
/// channel failure excludes that direction of the channel; a failure from the payee
/// or a permanent one ends the payment.
/// </summary>
internal sealed partial class Payer(HtlcSwitch htlcSwitch, PayerGraph graph, ISessionKeySource sessionKeys, PaymentStore store, TimeProvider time, ILogger log)
{
    /// <summary>How many routes a payment may try.</summary>
    public int MaxAttempts { get; init; } = 5;

    /// <summary>Where a point-locked payment's per-hop tweaks come from (docs/ptlc.md); the CSPRNG unless a test injects its own.</summary>
    public IScalarSource Scalars { get; init; } = RandomScalarSource.Instance;

    /// <summary>
    /// Blocks added to the final expiry beyond the payee's min_final_cltv_expiry_delta, so
    /// that a block found while the HTLC travels does not leave it one block short at the
    /// payee (which checks expiry against its own height + the delta, BOLT 4 "Payload for
    /// the Last Node"). BOLT 7 "Recommendations for Routing" adds such an offset to the
    /// final hop; lnd pads by 3 blocks for the same reason.
    /// </summary>
    public const uint FinalExpiryPaddingBlocks = 3;

    /// <summary>
    /// The most blocks ahead a route's first expiry may be: BOLT 4 "max_htlc_cltv Selection" recommends
    /// relays refuse more than 2016 (lnrelay's default, <see cref="SwitchOptions.MaxHtlcCltvDelta"/>), so
    /// CLTV noise never pushes a route past it.
    /// </summary>
    public const uint MaxRouteCltvBlocks = 2016;

    /// <summary>The payer's privacy settings (docs/privacy.md): the random extra CLTV (shadow offset) on each payment's final expiry, and per-hop fee and CLTV noise; none by default.</summary>
    public PrivacyOptions Privacy { get; init; } = PrivacyOptions.None;

    public async Task<PaymentResult> PayAsync(PaymentRequest request, CancellationToken cancellationToken = default)
    {
        var hashHex = Convert.ToHexStringLower(request.PaymentHash);
        var started = time.GetTimestamp();
        var inFlight = new PaymentResult { PaymentHash = hashHex, Payee = request.Payee, AmountMsat = request.AmountMsat, Status = PaymentStatus.InFlight, Blinded = request.Blinded?.Summary, Lock = PaymentLock.IsPoint(request) ? "point" : "hash" };
        if (!store.TryBegin(inFlight))
        {
            return Failed(inFlight, [], PaymentFailure.Here(PaymentFailureKind.DuplicatePayment, "a payment with this hash is already in flight or succeeded"), started);
        }

        // A point lock goes only through nodes that announce point locks (docs/ptlc.md "Pathfinding").
        var constraints = new PathConstraints { RequiredFeatures = PaymentLock.IsPoint(request) ? NodeFeatures.PointLocks : NodeFeatures.None };
        var attempts = new List<PaymentAttempt>();
        if (request.Split.MaxParts > 1 && request.Split.MaxPartMsat < request.AmountMsat)
        {
            // Parts no larger than the caller's limit, even where one route carries the whole amount (docs/mpp.md).
            return await PayInPartsAsync(request, inFlight, constraints, attempts, started, cancellationToken);
        }

        var shadowCltv = Privacy.NextShadowCltv();
        for (var n = 1; n <= MaxAttempts; n++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            constraints.OriginBalances.Clear();
            foreach (var (scid, balance) in htlcSwitch.SpendableBalances())
            {
                constraints.OriginBalances[scid] = balance;
            }

            var height = htlcSwitch.BlockHeight;
            // A shadow offset (docs/privacy.md) moves the final expiry as a later height would.
            var target = Target(request, checked(height + shadowCltv), out var blinded, out var refusedPath);
            if (refusedPath is not null)
            {
                return Failed(inFlight, attempts, PaymentFailure.Here(PaymentFailureKind.NoRoute, refusedPath), started);
            }

            var route = PathFinder.FindRoute(graph, htlcSwitch.NodeName, target.Node, target.AmountMsat, target.CltvExpiry, constraints);
            if (route is null && request.Split.MaxParts > 1 && (attempts.Count > 0 || WithoutFeatures(target, constraints) is null))
            {
                // No single route carries the whole amount (or none is left): split it (BOLT 4 "Basic Multi-Part Payments").
                // Not when a hash lock would find one and only the point-lock feature is missing: parts would not help.
                return await PayInPartsAsync(request, inFlight, constraints, attempts, started, cancellationToken);
            }

            if (route is null)
            {
                var why = attempts.Count > 0 ? "no route left after excluding what failed"
                    : WithoutFeatures(target, constraints) is { } other ? NoPointRoute(other, target.Node)
                    : blinded is null ? "no route with enough capacity to the payee" : "no route with enough capacity to the blinded path's introduction node";
                return Failed(inFlight, attempts, attempts.LastOrDefault()?.Failure ?? PaymentFailure.Here(PaymentFailureKind.NoRoute, why), started);
            }

            route = WithHopNoise(route, height, constraints);
            var fee = route.First.IncomingAmountMsat - request.AmountMsat;
            if (request.Split.MaxFeeMsat is { } maxFee && fee > maxFee)
            {
                return Failed(inFlight, attempts, PaymentFailure.Here(PaymentFailureKind.FeeLimit, $"the cheapest route left costs {fee} msat in fees, above the limit of {maxFee} msat"), started);
            }

            var routeText = route.ToString();
            PaymentLog.Attempt(log, n, hashHex, request.Blinded is { } b ? $"{routeText} -> {b}" : routeText, fee);
            // Through a blinded path, the introduction node's layer and those after it are the path's (BOLT 4 "Route Blinding").
            // A point lock draws fresh tweaks for every attempt, so no two attempts share a lock (docs/ptlc.md).
            using var paymentLock = PaymentLock.For(request, route, Scalars, blinded?.Hops.Count ?? 0);
            List<OnionHop> hops = blinded is null
                ? ClearHops(route, paymentLock)
                : [.. route.Hops.SkipLast(1).Select((h, k) => new OnionHop(h.Node.NodeId, paymentLock.Payload(h, k))), .. BlindedHops(request, blinded, paymentLock, route.Hops.Count - 1, checked(height + shadowCltv))];
            if (!paymentLock.TryBuildOnion(sessionKeys, hops, out var onion, out var refusal))
            {
                return Failed(inFlight, attempts, PaymentFailure.Here(PaymentFailureKind.OnionTooLarge, refusal), started);
            }

            var outcome = await htlcSwitch.StartAttempt(route, request.PaymentHash, onion.Packet, request.Blinded, paymentLock.Origin).WaitAsync(cancellationToken);
            if (outcome.Kind == AttemptOutcomeKind.Fulfilled && paymentLock.TryProof(outcome.Preimage!, out var proof))
            {
                var names = route.NodeNames;
                attempts.Add(new PaymentAttempt(names, fee, null));
                var result = inFlight with
                {
                    Status = PaymentStatus.Succeeded,
                    Preimage = Convert.ToHexStringLower(proof),
                    Route = names,
                    FeeMsat = fee,
                    Attempts = attempts,
                    ElapsedMs = (long)time.GetElapsedTime(started).TotalMilliseconds,
                };
                store.Complete(result);
                PaymentLog.Succeeded(log, hashHex, request.Payee, routeText, n, fee);
                return result;
            }

            var (failure, final) = Learn(outcome, route, onion.SharedSecrets, constraints, request.Blinded);
            attempts.Add(new PaymentAttempt(route.NodeNames, fee, failure));
            LogAttemptFailed(n, hashHex, failure);
            if (final)
            {
                return Failed(inFlight, attempts, failure, started);
            }
        }

        return Failed(inFlight, attempts, attempts[^1].Failure!, started);
    }

    /// <summary>Every hop's onion layer for a route without a blinded path, in one list of the route's length.</summary>
    private static List<OnionHop> ClearHops(Route route, PaymentLock paymentLock)
    {
        var hops = new List<OnionHop>(route.Hops.Count);
        for (var k = 0; k < route.Hops.Count; k++)
        {
            hops.Add(new OnionHop(route.Hops[k].Node.NodeId, paymentLock.Payload(route.Hops[k], k)));
        }

        return hops;
    }

    /// <summary>
    /// After a restart (docs/store.md, "Recovery"): ends every payment whose HTLCs the store kept
    /// (<see cref="HtlcSwitch.Restore"/>) once they have ended. The HTLCs of one payment_hash are
    /// the parts of one payment (docs/mpp.md). Completes when every such payment has ended.
    /// </summary>
    internal Task ResumeAllAsync(IEnumerable<(byte[] PaymentHash, ulong? SentMsat, Task<AttemptOutcome> Outcome, byte[]? PtlcTweak)> restored) =>
        Task.WhenAll(restored.GroupBy(p => Convert.ToHexStringLower(p.PaymentHash)).Select(parts =>
        {
            var list = parts.ToList();
            return list.Count == 1
                ? ResumeAsync(list[0].PaymentHash, list[0].SentMsat, list[0].Outcome, list[0].PtlcTweak)
                : ResumePartsAsync(list[0].PaymentHash, [.. list.Select(p => (p.SentMsat, p.Outcome, p.PtlcTweak))]);
        }));

    /// <summary>
    /// After a restart (docs/store.md, "Recovery"): a payment whose HTLC was in flight when the
    /// node stopped ends with that HTLC. A fulfil with the right preimage is a success; any
    /// failure ends the payment (the route's shared secrets, needed to read a failure, and the
    /// attempts left were not kept) as <see cref="PaymentFailureKind.FailedAfterRestart"/>.
    /// A success records the fee paid: what the HTLC carried (<paramref name="sentMsat"/>) less
    /// the amount the payee was paid.
    /// </summary>
    internal async Task ResumeAsync(byte[] paymentHash, ulong? sentMsat, Task<AttemptOutcome> pending, byte[]? payerTweak = null)
    {
        var outcome = await pending;
        var hashHex = Convert.ToHexStringLower(paymentHash);
        if (!store.TryGet(hashHex, out var inFlight) || inFlight.Status != PaymentStatus.InFlight)
        {
            return;
        }

        if (outcome.Kind == AttemptOutcomeKind.Fulfilled && PaymentLock.TryProof(paymentHash, payerTweak, outcome.Preimage!, out var proof))
        {
            var fee = sentMsat is { } sent && sent >= inFlight.AmountMsat ? sent - inFlight.AmountMsat : (ulong?)null;
            store.Complete(inFlight with { Status = PaymentStatus.Succeeded, Preimage = Convert.ToHexStringLower(proof), FeeMsat = fee });
            log.LogInformation(NodeLogEvents.PaymentSucceeded, "Payment {PaymentHash} to {Payee} succeeded: its HTLC was fulfilled after this node restarted", hashHex, inFlight.Payee);
            return;
        }

        var why = outcome.Kind switch
        {
            AttemptOutcomeKind.FailedLocal => outcome.LocalDetail!,
            AttemptOutcomeKind.FailedMalformed => $"the first hop could not read the onion ({outcome.MalformedCode.SpecName()})",
            AttemptOutcomeKind.FailedRemote => "failed downstream; the failure is not decoded (the route's shared secrets are not kept across a restart)",
            _ => "fulfilled with a preimage that does not hash to the payment_hash",
        };
        var failure = PaymentFailure.Here(PaymentFailureKind.FailedAfterRestart, why, outcome.LocalCause);
        store.Complete(inFlight with { Status = PaymentStatus.Failed, Failure = failure, Attempts = [.. inFlight.Attempts, new PaymentAttempt([], 0, failure)] });
        log.LogInformation(NodeLogEvents.PaymentFailed, "Payment {PaymentHash} to {Payee} failed after this node restarted: {Failure}", hashHex, inFlight.Payee, why);
    }

    /// <summary>
    /// The blinded path's onion hops: as <see cref="Target"/> built them, or for a point lock built
    /// again with each blinded hop's scalar beside its encrypted_recipient_data (docs/ptlc.md
    /// "Through blinded paths"), the same amounts and final expiry (<paramref name="height"/> includes any shadow offset;
    /// <paramref name="partMsat"/> is a part's amount in a multi-part payment).
    /// </summary>
    private static IReadOnlyList<OnionHop> BlindedHops(PaymentRequest request, BlindedPaymentRoute blinded, PaymentLock paymentLock, int clearHops, uint height, ulong? partMsat = null) =>
        paymentLock.BlindedScalars(clearHops, blinded.Hops.Count) is { } scalars
            ? BlindedPaymentRoute.Create(request.Blinded!.Path, request.Blinded.PayInfo, partMsat ?? request.AmountMsat, checked(height + FinalExpiryPaddingBlocks), request.AmountMsat, scalars).Hops
            : blinded.Hops;

    /// <summary>
    /// <paramref name="route"/> with this payer's per-hop fee and CLTV noise (docs/privacy.md "Per-hop
    /// fee and CLTV noise"), drawn afresh for every attempt; the route unchanged when noise is off,
    /// or when the noisy one would not fit the first channel's balance or would ask a relay for an
    /// expiry beyond <see cref="MaxRouteCltvBlocks"/> (expiry_too_far, BOLT 4 "max_htlc_cltv Selection").
    /// </summary>
    private Route WithHopNoise(Route route, uint height, PathConstraints constraints)
    {
        if (!Privacy.HasHopNoise || route.Hops.Count < 2 || route.Path.Count != route.Hops.Count)
        {
            return route;
        }

        Route noisy;
        try
        {
            noisy = RouteBuilder.Build(route.Origin, route.Path, route.Final.AmountToForwardMsat, route.Final.OutgoingCltvValue, Privacy.NextHopNoise);
        }
        catch (OverflowException)
        {
            return route;
        }

        var first = noisy.First;
        var fits = constraints.OriginBalances.TryGetValue(first.IncomingChannel.Value, out var balance) && first.IncomingAmountMsat <= balance
            && first.IncomingCltvExpiry <= (ulong)height + MaxRouteCltvBlocks
            && noisy.Hops.Skip(1).Zip(route.Path.Skip(1)).All(p => p.Second.Policy.Allows(p.First.IncomingAmountMsat));
        return fits ? noisy : route;
    }

    /// <summary>The route the payment would take if it needed no features; null when it needs none, or there is none either.</summary>
    private Route? WithoutFeatures((string Node, ulong AmountMsat, uint CltvExpiry) target, PathConstraints constraints)
    {
        if (constraints.RequiredFeatures == NodeFeatures.None)
        {
            return null;
        }

        var plain = new PathConstraints();
        foreach (var (scid, balance) in constraints.OriginBalances)
        {
            plain.OriginBalances[scid] = balance;
        }

        return PathFinder.FindRoute(graph, htlcSwitch.NodeName, target.Node, target.AmountMsat, target.CltvExpiry, plain);
    }

    /// <summary>Why a point-locked payment found no route when a hash-locked one would: the nodes on that route that do not announce point locks.</summary>
    private static string NoPointRoute(Route other, string target)
    {
        var lacking = other.Hops.Select(h => h.Node).Where(n => !n.Announces(NodeFeatures.PointLocks)).Select(n => n.Name).ToList();
        return $"no route to {target} whose every node announces point_locks (network.json features); the cheapest route for a hash lock goes through {string.Join(", ", lacking)}, which do not: pay with lock \"hash\", or add point_locks to their features";
    }

    private void LogAttemptFailed(int attempt, string hashHex, PaymentFailure failure) =>
        PaymentLog.AttemptFailed(log, attempt, hashHex, failure.Hop, failure.Node, failure.Name, failure.LocalCause?.Name());

    /// <summary>
    /// Where the clear route goes, with what: the payee with the amount and the padded final
    /// expiry; or, for a blinded path, its introduction node with what the path's pay info says
    /// it must receive (<see cref="BlindedPaymentRoute"/>), the path's own hops in <paramref name="blinded"/>.
    /// </summary>
    private (string Node, ulong AmountMsat, uint CltvExpiry) Target(PaymentRequest request, uint height, out BlindedPaymentRoute? blinded, out string? refused)
    {
        blinded = null;
        refused = null;
        if (request.Blinded is not { } path)
        {
            return (request.Payee, request.AmountMsat, checked(height + request.MinFinalCltvExpiryDelta + FinalExpiryPaddingBlocks));
        }

        if (path.IntroductionNode == htlcSwitch.NodeName)
        {
            refused = "this node is the blinded path's introduction node; lnrelay pays only through paths that start at another node";
            return default;
        }

        try
        {
            // The final payload's outgoing_cltv_value is the height plus padding; the pay info's delta holds the payee's min_final_cltv_expiry_delta.
            blinded = BlindedPaymentRoute.Create(path.Path, path.PayInfo, request.AmountMsat, checked(height + FinalExpiryPaddingBlocks), request.AmountMsat);
        }
        catch (OverflowException)
        {
            refused = "the blinded path's pay info asks for more than any HTLC can carry";
            return default;
        }

        return (path.IntroductionNode, blinded.IntroductionAmountMsat, blinded.IntroductionCltvExpiry);
    }

    /// <summary>Turns an attempt's failure into a <see cref="PaymentFailure"/> and new constraints; true when the payment should stop.</summary>
    private (PaymentFailure Failure, bool Final) Learn(AttemptOutcome outcome, Route route, IReadOnlyList<byte[]> sharedSecrets, PathConstraints constraints, BlindedDestination? blinded)
    {
        var firstScid = route.First.IncomingChannel.Value;
        switch (outcome.Kind)
        {
            case AttemptOutcomeKind.FailedLocal:
                constraints.ExcludedChannels.Add(firstScid);
                return (PaymentFailure.Here(PaymentFailureKind.LocalFailure, outcome.LocalDetail!, outcome.LocalCause), false);
            case AttemptOutcomeKind.FailedMalformed:
                // Our first peer could not read the onion we built: the link or that peer is at fault.
                constraints.ExcludedChannels.Add(firstScid);
                return (PaymentFailure.FromHop(outcome.MalformedCode, 0, route.First.Node.Name, "reported by update_fail_malformed_htlc"), false);
            case AttemptOutcomeKind.FailedRemote:
                break;
            default:
                // Fulfilled with a preimage that does not match: the peer broke the protocol.
                constraints.ExcludedChannels.Add(firstScid);
                return (PaymentFailure.AboutHop(PaymentFailureKind.WrongPreimage, 0, route.First.Node.Name, "fulfilled with a preimage that does not hash to the payment_hash"), false);
        }

        if (!FailurePacketDecoder.TryDecode(outcome.Reason!, sharedSecrets, out var decoded, out var error))
        {
            // Unattributable: without attribution data we cannot tell who garbled it.
            return (PaymentFailure.Here(PaymentFailureKind.UnreadableFailure, error.Reason.ToString()), true);
        }

        if (blinded is not null && decoded.HopIndex >= route.Hops.Count - 1)
        {
            // From the introduction node or beyond: the payer cannot tell which blinded hop failed
            // or why, and must not blame the introduction node (BOLT 4 "Route Blinding"; lnd #7882).
            // The invoice gave one path, so nothing is left to try.
            var blindedCode = decoded.Message?.Code ?? FailureCode.InvalidOnionBlinding;
            return (PaymentFailure.FromHop(blindedCode, decoded.HopIndex, blinded.IntroductionNode, $"failed inside the blinded path (at or after the introduction node {blinded.IntroductionNode})"), true);
        }

        var hop = route.Hops[decoded.HopIndex];
        if (decoded.Message is not { } message)
        {
            constraints.ExcludedNodes.Add(hop.Node.Name);
            return (PaymentFailure.AboutHop(PaymentFailureKind.MalformedFailureMessage, decoded.HopIndex, hop.Node.Name, decoded.MessageError?.ToString() ?? ""), false);
        }

        var code = message.Code;
        var failure = PaymentFailure.FromHop(code, decoded.HopIndex, hop.Node.Name, Detail(message));
        if (hop.IsFinal)
        {
            // The payee refused: nothing another route can fix (BOLT 4: PERM from the final node, give up).
            return (failure, true);
        }

        var outgoing = hop.OutgoingChannel!.Value;
        if (code.IsNode())
        {
            constraints.ExcludedNodes.Add(hop.Node.Name);
        }
        else if (code.IsUpdate() && TryApplyUpdate(message.ChannelUpdate, hop, outgoing, constraints))
        {
            // A newer policy for this channel: retry with it, this payment only.
        }
        else if (code.IsBadOnion())
        {
            // The hop after this one could not read its onion: that link or node is at fault.
            constraints.ExcludedDirections.Add((outgoing.Value, hop.Node.Name));
        }
        else if (code == FailureCode.TemporaryChannelFailure)
        {
            // Too little on that side for what this HTLC (and this payment's other parts on the
            // channel) asked: remember the bound, so a smaller part may still try it (docs/mpp.md).
            var key = (outgoing.Value, hop.Node.Name);
            var asked = Math.Max(constraints.InFlightMsat.GetValueOrDefault(key), hop.AmountToForwardMsat);
            var bound = asked - 1;
            constraints.LiquidityLimits[key] = constraints.LiquidityLimits.TryGetValue(key, out var known) ? Math.Min(known, bound) : bound;
        }
        else
        {
            constraints.ExcludedDirections.Add((outgoing.Value, hop.Node.Name));
        }

        return (failure, false);
    }

    /// <summary>Applies a channel_update from a failure if it is signed by the failing hop, names the channel the onion used, and changes the policy this payment used for it.</summary>
    private bool TryApplyUpdate(byte[]? update, RouteHop hop, Sphinx.ShortChannelId outgoing, PathConstraints constraints)
    {
        if (update is null || !ChannelUpdate.TryDecodeEmbedded(update, out var parsed, out _)
            || parsed.ShortChannelId != outgoing || !parsed.VerifySignature(hop.Node.NodeId))
        {
            return false;
        }

        var key = (outgoing.Value, hop.Node.Name);
        var policy = parsed.ToPolicy();

        // The policy this attempt was routed with: an earlier override, else the payer's graph's. An
        // update that repeats it teaches nothing; retrying the same route would only fail the same way.
        var used = constraints.PolicyOverrides.TryGetValue(key, out var known) ? known : graph.PolicyOf(outgoing, hop.Node.Name);
        if (used == policy)
        {
            return false;
        }

        constraints.PolicyOverrides[key] = policy;
        return true;
    }

    private static string Detail(FailureMessage message) => message.Code switch
    {
        FailureCode.FeeInsufficient or FailureCode.AmountBelowMinimum or FailureCode.IncorrectOrUnknownPaymentDetails or FailureCode.FinalIncorrectHtlcAmount =>
            $"htlc_msat {message.HtlcMsat}" + (message.Height is { } h ? $", height {h}" : ""),
        FailureCode.IncorrectCltvExpiry or FailureCode.FinalIncorrectCltvExpiry => $"cltv_expiry {message.CltvExpiry}",
        FailureCode.InvalidOnionPayload => $"type {message.PayloadType}, offset {message.PayloadOffset}",
        _ => message.ChannelUpdate is null ? "" : "with channel_update",
    };

    private PaymentResult Failed(PaymentResult inFlight, List<PaymentAttempt> attempts, PaymentFailure failure, long started)
    {
        var result = inFlight with
        {
            Status = PaymentStatus.Failed,
            Attempts = attempts,
            Failure = failure,
            ElapsedMs = (long)time.GetElapsedTime(started).TotalMilliseconds,
        };
        if (failure.Kind != PaymentFailureKind.DuplicatePayment)
        {
            store.Complete(result);
        }

        PaymentLog.Failed(log, result.PaymentHash, result.Payee, failure.Name, failure.Hop, failure.Node, attempts.Count);
        return result;
    }
}
