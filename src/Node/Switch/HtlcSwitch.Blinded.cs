using LnRelay.Node.Channels;
using LnRelay.Node.Invoices;
using LnRelay.Node.Logging;
using LnRelay.Node.MultiPart;
using LnRelay.Node.Store;
using LnRelay.Sphinx.Blinding;
using LnRelay.Sphinx.Failures;
using LnRelay.Sphinx.Onion;
using LnRelay.Transport.Messages;
using Microsoft.Extensions.Logging;

namespace LnRelay.Node.Switch;

// Entry point: an HTLC inside a blinded path (BOLT 4 "Route Blinding"; docs/blinded-paths.md):
// relayed by the blob's short_channel_id or next_node_id with the amount and expiry its
// payment_relay gives, received by path_id, and every failure turned into invalid_onion_blinding.
internal sealed partial class HtlcSwitch
{
    /// <summary>
    /// An HTLC whose onion peeled as a blinded hop (or was refused as one). <paramref name="peeled"/>
    /// is the peel; <paramref name="checkedOnion"/> its onion after the replay check.
    /// </summary>
    private void OnBlindedAdd(ChannelState channel, Htlc htlc, IUpdateAddMessage add, BlindedPeelResult peeled, OnionPeelResult checkedOnion, byte[] onionSha256, string hashHex)
    {
        var place = new BlindedPlace(add.PathKey is not null, peeled.Onion.SharedSecret.ToArray(), onionSha256);
        if (peeled.Outcome == BlindedPeelOutcome.Refused)
        {
            FailBlinded(channel, htlc, place, LocalFailureCause.BlindingRefused, peeled.Failure.ToString(), hashHex);
            return;
        }

        if (checkedOnion.Outcome is OnionPeelOutcome.Malformed or OnionPeelOutcome.PayloadFailure)
        {
            // Seen before, or the replay log is full: inside a path that too is invalid_onion_blinding.
            FailBlinded(channel, htlc, place, LocalFailureCause.UnreadableOnion, checkedOnion.Refusal.ToString(), hashHex);
            return;
        }

        if (peeled.Outcome == BlindedPeelOutcome.Final)
        {
            OnBlindedFinal(channel, htlc, peeled, place, htlc.AmountMsat, htlc.CltvExpiry, hashHex);
            return;
        }

        OnBlindedForward(channel, htlc, peeled, place, hashHex);
    }

    /// <summary>
    /// A relay's blob: the forward it computes, then the channel. A blob whose next_node_id is
    /// this node is one of our own dummy hops (docs/blinded-paths.md, "Padding and dummy hops"):
    /// the next layer is peeled here, never sent to ourselves.
    /// </summary>
    private void OnBlindedForward(ChannelState incoming, Htlc htlc, BlindedPeelResult peel, BlindedPlace place, string hashHex)
    {
        var amount = htlc.AmountMsat;
        var cltv = htlc.CltvExpiry;
        // For a point lock, each of our own dummy hops is a hop of the payer's plan: its layer is bound
        // to the lock it would have received (ours plus its tweak), and its tweak is not ours to keep
        // (docs/ptlc.md "Through blinded paths").
        var lockIn = htlc.PaymentHash;
        byte[]? dummyTweaks = null;
        while (true)
        {
            var data = peel.Hop!.Data;
            var reason = BlindedHopChecks.CheckRelay(data, amount, cltv, out var forward);
            if (reason != BlindingFailureReason.None)
            {
                FailBlinded(incoming, htlc, place, LocalFailureCause.BlindingRefused, reason.ToString(), hashHex);
                return;
            }

            if (data.NextNodeId != _nodeKey.PublicKey)
            {
                ForwardBlinded(incoming, htlc, peel, place, forward, hashHex);
                return;
            }

            if (htlc.IsPointLocked && !TryPassDummyLock(ref lockIn, ref dummyTweaks, peel.Payload!.PtlcScalar))
            {
                FailBlinded(incoming, htlc, place, LocalFailureCause.InvalidOnionPayload, "our own dummy hop: no valid ptlc_tweak", hashHex);
                return;
            }

            var inner = BlindedOnionPeeler.Peel(_nodeKey, peel.NextPathKey, lockIn, peel.Onion.NextPacket.Span);
            if (inner.Outcome == BlindedPeelOutcome.Final)
            {
                OnBlindedFinal(incoming, htlc, inner, place, forward.AmountMsat, forward.CltvExpiry, hashHex, dummyTweaks);
                return;
            }

            if (inner.Outcome != BlindedPeelOutcome.Forward)
            {
                FailBlinded(incoming, htlc, place, LocalFailureCause.BlindingRefused, $"our own dummy hop: {inner.Outcome} {inner.Failure}", hashHex);
                return;
            }

            (peel, amount, cltv) = (inner, forward.AmountMsat, forward.CltvExpiry);
        }
    }

    private void ForwardBlinded(ChannelState incoming, Htlc htlc, BlindedPeelResult peel, BlindedPlace place, BlindedForward forward, string hashHex)
    {
        var data = peel.Hop!.Data;
        var outgoing = data.ShortChannelId is { } scid ? UsableChannel(scid.Value) : ChannelTo(data.NextNodeId!.Value, forward.AmountMsat);
        var faults = _faults.Current;
        var cause = faults.RefuseToForward
            ? LocalFailureCause.RefusedByFaultInjection
            : BlindedForwardingChecks.Check(
                forward,
                htlc.CltvExpiry,
                outgoing,
                outgoing is not null && _outbox.IsConnected(outgoing.RemoteName),
                outgoing is not null && _outbox.SupportsRouteBlinding(outgoing.RemoteName),
                _height,
                _options);
        var tweak = peel.Payload!.PtlcScalar;
        var lockCause = BlindedOutgoingLock(htlc, tweak, outgoing, out var outgoingLock);
        cause ??= lockCause;
        var role = place.FromUpdateAdd ? BlindedRole.BlindedRelay : BlindedRole.Introduction;
        HopViewLog.Relay(
            _log, hashHex, incoming.RemoteName, incoming.ShortChannelIdText, htlc.AmountMsat, htlc.CltvExpiry,
            outgoing?.RemoteName ?? "(unknown)", outgoing?.ShortChannelIdText ?? data.ShortChannelId?.ToString() ?? "(by node id)", forward.AmountMsat, forward.CltvExpiry,
            role == BlindedRole.Introduction ? HopViewLog.IntroductionRole : HopViewLog.BlindedRelayRole,
            lockKind: HopViewLog.KindOf(htlc.PaymentHash), lockOut: LockOutHex(htlc, outgoingLock, hashHex));
        if (cause is { } refused)
        {
            FailBlinded(incoming, htlc, place, refused, "the forward", hashHex);
            return;
        }

        var offered = outgoing!.TryOffer(forward.AmountMsat, outgoingLock, forward.CltvExpiry, out var outHtlc);
        if (offered != HtlcAddRefusal.None)
        {
            throw new InvalidOperationException($"Offer refused after the checks passed: {offered}.");
        }

        var onion = peel.Onion.NextPacket.ToArray();
        if (faults.CorruptForwardedOnions)
        {
            onion[OnionPacket.RoutingInfoOffset] ^= 0x01;
        }

        var ptlcTweak = htlc.IsPointLocked ? tweak : null;
        var circuit = new ForwardCircuit(new HtlcKey(incoming.ShortChannelId.Value, htlc.Id), place.SharedSecret, role, place.OnionSha256, ptlcTweak);
        _circuits[new HtlcKey(outgoing.ShortChannelId.Value, outHtlc.Id)] = circuit;
        Journal.Stage(new CircuitOpened(outgoing.ShortChannelId.Value, outHtlc.Id, circuit.Incoming.Scid, circuit.Incoming.Id, circuit.SharedSecret, (int)role, place.OnionSha256, ptlcTweak));
        var pathKey = peel.NextPathKey!.Value.ToBytes();
        HtlcUpdateMessage message = outHtlc.IsPointLocked
            ? new UpdateAddPtlcMessage(outgoing.ChannelId, outHtlc.Id, outHtlc.AmountMsat, outHtlc.PaymentHash, outHtlc.CltvExpiry, onion, pathKey)
            : new UpdateAddHtlcMessage(outgoing.ChannelId, outHtlc.Id, outHtlc.AmountMsat, outHtlc.PaymentHash, outHtlc.CltvExpiry, onion, pathKey);
        _outbox.Enqueue(outgoing.RemoteName, message, TimeSpan.FromMilliseconds(faults.ForwardDelayMs) + _options.Privacy.NextForwardDelay());
        _log.LogInformation(
            NodeLogEvents.HtlcForwarded,
            "Forwarded {PaymentHash} HTLC {HtlcId} on {Scid} as HTLC {OutHtlcId} on {OutScid} inside a blinded path ({BlindedRole})",
            hashHex, htlc.Id, incoming.ShortChannelIdText, outHtlc.Id, outgoing.ShortChannelIdText, role);
    }

    /// <summary>BOLT 4 lets a blob name the next node instead of the channel (lnd #10937): our usable channel to it with the most room.</summary>
    private ChannelState? ChannelTo(Crypto.PublicKey node, ulong amountMsat) =>
        _channels.Values
            .Where(c => c.Refusal is null && c.RemoteNodeId == node)
            .OrderByDescending(c => c.LocalBalanceMsat >= amountMsat)
            .ThenByDescending(c => c.LocalBalanceMsat)
            .FirstOrDefault();

    /// <summary>
    /// The recipient's checks (docs/blinded-paths.md, "Plan", step 3): the blob's constraints, the
    /// path_id this node wrote for this payment_hash, then the ordinary final checks against the
    /// invoice with the amounts of the last layer (after our dummy hops, if any).
    /// </summary>
    private void OnBlindedFinal(ChannelState channel, Htlc htlc, BlindedPeelResult peel, BlindedPlace place, ulong amountMsat, uint cltvExpiry, string hashHex, byte[]? dummyTweaks = null)
    {
        HopViewLog.Final(_log, hashHex, channel.RemoteName, channel.ShortChannelIdText, htlc.AmountMsat, htlc.CltvExpiry, HopViewLog.BlindedFinalRole, HopViewLog.KindOf(htlc.PaymentHash));
        var data = peel.Hop!.Data;
        var payload = peel.Payload!;
        var unknown = FailureMessage.IncorrectOrUnknownPaymentDetails(htlc.AmountMsat, _height);
        var reason = BlindedHopChecks.CheckCommon(data, amountMsat, cltvExpiry);
        // The invoice's key: the payment_hash, or for a point lock Z = L_n − Σy·G (docs/ptlc.md "Through blinded paths").
        // Behind our own dummy hops the payer's Σy counts their tweaks, which our HTLC's lock does not carry.
        var tweakSum = WithoutDummyTweaks(payload.PtlcScalar, dummyTweaks);
        var keyFailure = InvoiceKey(htlc, tweakSum, out var invoiceKey);
        Invoice? invoice = null;
        var failure = reason != BlindingFailureReason.None ? new HtlcFailure(LocalFailureCause.BlindingRefused, unknown)
            : keyFailure is not null ? new HtlcFailure(keyFailure.Value.Cause, unknown)
            : data.PathId is not { } pathId || !BlindedPathId.Matches(_nodeKey, invoiceKey, pathId) ? new HtlcFailure(LocalFailureCause.WrongPathId, unknown)
            : FinalHopChecks.Check(
                new FinalHtlc(amountMsat, cltvExpiry, payload.AmountToForwardMsat!.Value, payload.OutgoingCltvValue!.Value, payload.TotalAmountMsat!.Value),
                invoiceKey,
                _ => true,
                _invoices,
                _height,
                out invoice,
                _options.AcceptMultiPart);
        var total = payload.TotalAmountMsat!.Value;
        if (failure is null && (total != payload.AmountToForwardMsat || PartSets.TryGet(invoiceKey, out _)))
        {
            // A part of a multi-part payment (BOLT 4 "Route Blinding": the recipient treats total_amount_msat
            // as the MPP total), proven by its own path_id above; held with how it must fail (docs/mpp.md, "Blinded parts"),
            // in the set of its invoice's key (Z for a point lock) with its own Σy.
            var role = place.FromUpdateAdd ? BlindedRole.BlindedRelay : BlindedRole.None;
            var part = new HeldPart(channel.ShortChannelId.Value, htlc.Id, payload.AmountToForwardMsat!.Value, place.SharedSecret, PartSets.Now, role, place.OnionSha256, PtlcTweakSum: tweakSum);
            OnPart(channel, htlc, invoiceKey, total, part, invoice!, hashHex);
            return;
        }

        byte[]? preimage = null;
        if (failure is null && !_invoices.TryClaim(invoice!, out preimage))
        {
            failure = new HtlcFailure(LocalFailureCause.UnknownInvoice, unknown);
        }

        if (failure is { } refused)
        {
            if (place.FromUpdateAdd)
            {
                FailBlinded(channel, htlc, place, refused.Cause, reason == BlindingFailureReason.None ? "final checks" : reason.ToString(), hashHex);
            }
            else
            {
                // The introduction node is the recipient: ordinary final-node errors (BOLT 4 "Route Blinding").
                FailBack(channel, htlc, place.SharedSecret, refused, hashHex);
            }

            return;
        }

        Settle(channel, htlc, PayeeSecret(htlc, tweakSum, preimage!), hashHex);
    }

    /// <summary>
    /// Fails an HTLC inside a blinded path with invalid_onion_blinding (BOLT 4 "Route Blinding",
    /// BOLT 2 "Removing an HTLC"): a node that got the path key in update_add_htlc answers
    /// update_fail_malformed_htlc; the introduction node a failure packet, after a random delay.
    /// The precise reason stays in this node's log.
    /// </summary>
    private void FailBlinded(ChannelState channel, Htlc htlc, BlindedPlace place, LocalFailureCause cause, string detail, string hashHex)
    {
        _log.LogInformation(
            NodeLogEvents.BlindedHtlcRefused,
            "Refused {PaymentHash} HTLC {HtlcId} on {Scid} inside a blinded path: {LocalCause} ({BlindingDetail}); answered with invalid_onion_blinding",
            hashHex, htlc.Id, channel.ShortChannelIdText, cause.Name(), detail);
        FailInsideBlindedPath(channel, htlc, place.FromUpdateAdd ? BlindedRole.BlindedRelay : BlindedRole.Introduction, place.SharedSecret, place.OnionSha256, cause, hashHex);
    }

    /// <summary>The answer upstream for <paramref name="role"/>: malformed with 0xC018, or (the introduction node) a delayed failure packet with it.</summary>
    private void FailInsideBlindedPath(ChannelState channel, Htlc htlc, BlindedRole role, ReadOnlySpan<byte> sharedSecret, byte[]? onionSha256, LocalFailureCause cause, string hashHex)
    {
        var digest = onionSha256 ?? new byte[FailureMessage.Sha256OfOnionSize];
        if (role == BlindedRole.BlindedRelay)
        {
            FailMalformed(channel, htlc, FailureCode.InvalidOnionBlinding, digest, hashHex, cause);
            return;
        }

        var packet = FailurePacket.Create(sharedSecret, FailureMessage.BadOnion(FailureCode.InvalidOnionBlinding, digest), _options.FailurePaddedLength);
        var maxMs = (int)_options.IntroductionFailureDelayMax.TotalMilliseconds;
        var delay = TimeSpan.FromMilliseconds(maxMs > 0 ? _options.Random(maxMs) : 0);
        FailReceived(channel, htlc, packet, FailureCode.InvalidOnionBlinding.SpecName(), cause, hashHex, delay);
    }

    /// <summary>
    /// A forward that failed downstream (or timed out): outside a blinded path
    /// <paramref name="ordinary"/> passes it on; inside one the failure becomes invalid_onion_blinding,
    /// whatever it was, so nothing of the path leaks out (BOLT 4 "Route Blinding").
    /// </summary>
    private void FailUpstream(ChannelState incoming, Htlc received, ForwardCircuit circuit, string hashHex, Action ordinary)
    {
        if (circuit.Role == BlindedRole.None)
        {
            ordinary();
            return;
        }

        FailInsideBlindedPath(incoming, received, circuit.Role, circuit.SharedSecret, circuit.OnionSha256, LocalFailureCause.FailedInsideBlindedPath, hashHex);
    }

    /// <summary>Where an incoming blinded HTLC came from: with the path key in update_add_htlc or not (the introduction node), its onion's secret and SHA256.</summary>
    private readonly record struct BlindedPlace(bool FromUpdateAdd, byte[] SharedSecret, byte[] OnionSha256);
}
