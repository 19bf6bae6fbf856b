using System.Buffers;
using System.Security.Cryptography;
using LnRelay.Crypto;
using LnRelay.Node.Channels;
using LnRelay.Node.Logging;
using LnRelay.Node.MultiPart;
using LnRelay.Node.Store;
using LnRelay.Sphinx.Blinding;
using LnRelay.Sphinx.Failures;
using LnRelay.Sphinx.Onion;
using LnRelay.Transport.Messages;

namespace LnRelay.Node.Switch;

// Entry point: one HTLC update from a peer. An add is checked and peeled, then forwarded,
// settled or failed (BOLT 2 "Adding an HTLC", BOLT 4 "Onion Decryption"); a resolution of an
// HTLC we offered goes back upstream or to the origin (BOLT 2 "Removing an HTLC", BOLT 4 "Returning Errors").
internal sealed partial class HtlcSwitch
{
    /// <summary>One HTLC update message from a peer. Protocol violations are answered with a warning and change nothing.</summary>
    public void OnMessage(string peer, HtlcUpdateMessage message)
    {
        // The peel is pure (node key + packet -> result), so it runs before the lock: two
        // peers' onions peel on two cores at once. Only the decisions are serialised; the
        // replay log is consulted under the lock, once the HTLC is accepted (OnAdd).
        var add = message as IUpdateAddMessage;
        var peelBuffer = add is null ? null : ArrayPool<byte>.Shared.Rent(OnionPeeler.BufferSize);
        var peeled = add is null ? null : Peel(add, peelBuffer!);
        try
        {
            // One decision group per message, opened after the peel so that peels stay parallel
            // (docs/store.md): whatever the message decides is committed together.
            using var group = Journal.OpenGroup();
            lock (_gate)
            {
                OnMessageLocked(peer, message, peeled, peelBuffer);
            }
        }
        finally
        {
            // Everything kept from the peel is copied out under the lock.
            if (peelBuffer is not null)
            {
                ArrayPool<byte>.Shared.Return(peelBuffer);
            }
        }
    }

    /// <summary>
    /// Peels an incoming HTLC's onion (BOLT 4 "Onion Decryption"), blinded or not ("Route
    /// Blinding"): with the path key from <c>update_add_htlc</c> when one came, else with our
    /// key, which makes us the introduction node when the payload holds a blob. Null when the
    /// path key is not a point (answered with invalid_onion_blinding). With route blinding off,
    /// every onion is peeled the ordinary way, as by a node without the feature. The lock
    /// (payment_hash, or a PTLC's lock point) is the onion's associated data (docs/ptlc.md), and
    /// tells the blinded peeler whether a point-lock scalar may sit beside the blob ("Through blinded paths").
    /// </summary>
    private BlindedPeelResult? Peel(IUpdateAddMessage add, byte[] buffer)
    {
        if (!_options.RouteBlinding)
        {
            return new BlindedPeelResult(BlindedPeelOutcome.Clear, OnionPeeler.Peel(_nodeKey, add.Lock.Span, add.OnionRoutingPacket.Span, buffer));
        }

        PublicKey? pathKey = null;
        if (add.PathKey is { } bytes)
        {
            if (!PublicKey.TryParse(bytes.Span, out var parsed))
            {
                return null;
            }

            pathKey = parsed;
        }

        return BlindedOnionPeeler.Peel(_nodeKey, pathKey, add.Lock.Span, add.OnionRoutingPacket.Span, buffer, null, 0, parseClearPayload: true);
    }

    private void OnMessageLocked(string peer, HtlcUpdateMessage message, BlindedPeelResult? peeled, byte[]? peelBuffer)
    {
        if (!_byChannelId.TryGetValue(message.ChannelId, out var channel) || channel.RemoteName != peer)
        {
            Violation(peer, message.ChannelId, $"no channel {message.ChannelId} with {peer}");
            return;
        }

        switch (message)
        {
            case IUpdateAddMessage add:
                OnAdd(channel, add, peeled, peelBuffer!);
                break;
            case UpdateFulfillHtlcMessage fulfill when channel.Offered.TryGetValue(fulfill.HtlcId, out var offered) && offered.IsPointLocked:
                Violation(peer, fulfill.ChannelId, $"update_fulfill_htlc {fulfill.HtlcId} refused: the HTLC is point-locked (update_fulfill_ptlc settles it)");
                break;
            case UpdateFulfillHtlcMessage fulfill:
                OnFulfill(channel, fulfill);
                break;
            case UpdateFulfillPtlcMessage fulfill:
                OnFulfillPtlc(channel, fulfill);
                break;
            case UpdateFailHtlcMessage fail:
                OnFail(channel, fail);
                break;
            case UpdateFailMalformedHtlcMessage malformed:
                OnMalformed(channel, malformed);
                break;
        }
    }

    private void OnAdd(ChannelState channel, IUpdateAddMessage add, BlindedPeelResult? peeled, byte[] peelBuffer)
    {
        if (RefusesPointLock(channel, add))
        {
            return;
        }

        var hash = add.Lock.ToArray();
        var refusal = channel.TryReceive(add.HtlcId, add.AmountMsat, hash, add.CltvExpiry, out var htlc);
        if (refusal != HtlcAddRefusal.None)
        {
            Violation(channel.RemoteName, add.ChannelId, $"update_add_htlc {add.HtlcId} refused: {refusal}");
            return;
        }

        var hashHex = Convert.ToHexStringLower(hash);
        // The replay guard is consulted once the HMAC verifies (BOLT 4 "Onion Decryption": an
        // onion seen before must be failed, or an intermediary could re-send it to learn
        // where it goes next); a replay comes back Malformed like any bad onion.
        if (peeled is null)
        {
            // update_add_htlc's path_key is not a point (BOLT 4 "Route Blinding": the reader MUST fail the HTLC).
            FailMalformed(channel, htlc, FailureCode.InvalidOnionBlinding, SHA256.HashData(add.OnionRoutingPacket.Span), hashHex, LocalFailureCause.BlindingRefused);
            return;
        }

        var peel = OnionPeeler.RecordReplay(peeled.Onion, add.OnionRoutingPacket.Span, peelBuffer, _replay, htlc.CltvExpiry);
        if (peeled.Outcome != BlindedPeelOutcome.Clear)
        {
            OnBlindedAdd(channel, htlc, add, peeled, peel, SHA256.HashData(add.OnionRoutingPacket.Span), hashHex);
            return;
        }

        switch (peel.Outcome)
        {
            case OnionPeelOutcome.Malformed:
                FailMalformed(channel, htlc, peel.FailureCode, peel.Sha256OfOnion.Span, hashHex);
                return;
            case OnionPeelOutcome.PayloadFailure:
                // invalid_onion_payload names the TLV at fault; a full replay log is temporary_node_failure.
                var failure = peel.FailureCode == FailureCode.InvalidOnionPayload
                    ? new HtlcFailure(LocalFailureCause.InvalidOnionPayload, peel.PayloadError.ToFailureMessage())
                    : new HtlcFailure(LocalFailureCause.ReplayLogFull, FailureMessage.Create(peel.FailureCode));
                FailBack(channel, htlc, peel.SharedSecret.Span, failure, hashHex);
                return;
            case OnionPeelOutcome.Final:
                OnFinal(channel, htlc, peel, hashHex);
                return;
            default:
                OnForward(channel, htlc, peel, hashHex);
                return;
        }
    }

    private void OnForward(ChannelState incoming, Htlc htlc, OnionPeelResult peel, string hashHex)
    {
        var payload = peel.RelayPayload!;
        var faults = _faults.Current;
        var outgoing = UsableChannel(payload.ShortChannelId.Value);
        var failure = faults.RefuseToForward
            ? new HtlcFailure(LocalFailureCause.RefusedByFaultInjection, FailureMessage.Create(FailureCode.TemporaryNodeFailure))
            : ForwardingChecks.Check(
                htlc.AmountMsat,
                htlc.CltvExpiry,
                payload,
                outgoing,
                outgoing is not null && _outbox.IsConnected(outgoing.RemoteName),
                _height,
                _options,
                _channelUpdate);
        var lockFailure = OutgoingLock(htlc, payload, outgoing, out var outgoingLock, out var tweak);
        failure ??= lockFailure;
        HopViewLog.Relay(
            _log, hashHex, incoming.RemoteName, incoming.ShortChannelIdText, htlc.AmountMsat, htlc.CltvExpiry,
            outgoing?.RemoteName ?? "(unknown)", outgoing is not null && outgoing.ShortChannelId.Equals(payload.ShortChannelId) ? outgoing.ShortChannelIdText : payload.ShortChannelId.ToString(), payload.AmountToForwardMsat, payload.OutgoingCltvValue,
            lockKind: HopViewLog.KindOf(htlc.PaymentHash), lockOut: LockOutHex(htlc, outgoingLock, hashHex));
        if (failure is { } refused)
        {
            FailBack(incoming, htlc, peel.SharedSecret.Span, refused, hashHex);
            return;
        }

        var offered = outgoing!.TryOffer(payload.AmountToForwardMsat, outgoingLock, payload.OutgoingCltvValue, out var outHtlc);
        if (offered != HtlcAddRefusal.None)
        {
            // The checks above asked CanOffer under this same lock: reaching here is a bug.
            throw new InvalidOperationException($"Offer refused after the checks passed: {offered}.");
        }

        var onion = peel.NextPacket.ToArray();
        if (faults.CorruptForwardedOnions)
        {
            // One byte of the routing info: the next hop's HMAC check fails (BADONION, invalid_onion_hmac).
            onion[OnionPacket.RoutingInfoOffset] ^= 0x01;
        }

        var circuit = new ForwardCircuit(new HtlcKey(incoming.ShortChannelId.Value, htlc.Id), peel.SharedSecret.ToArray(), PtlcTweak: tweak);
        _circuits[new HtlcKey(outgoing.ShortChannelId.Value, outHtlc.Id)] = circuit;
        if (Journal.Keeps)
        {
            Journal.Stage(new CircuitOpened(outgoing.ShortChannelId.Value, outHtlc.Id, circuit.Incoming.Scid, circuit.Incoming.Id, circuit.SharedSecret, PtlcTweak: tweak));
        }

        var message = AddMessage(outgoing, outHtlc, onion);
        // A forwarding delay with jitter (docs/privacy.md) holds the update like the fault does.
        _outbox.Enqueue(outgoing.RemoteName, message, TimeSpan.FromMilliseconds(faults.ForwardDelayMs) + _options.Privacy.NextForwardDelay());
        HtlcLog.Forwarded(_log, hashHex, htlc.Id, incoming.ShortChannelIdText, outHtlc.Id, outgoing.ShortChannelIdText);
    }

    private void OnFinal(ChannelState channel, Htlc htlc, OnionPeelResult peel, string hashHex)
    {
        HopViewLog.Final(_log, hashHex, channel.RemoteName, channel.ShortChannelIdText, htlc.AmountMsat, htlc.CltvExpiry, lockKind: HopViewLog.KindOf(htlc.PaymentHash));
        var payload = peel.FinalPayload!;
        Invoices.Invoice? invoice = null;
        var failure = InvoiceKey(htlc, payload, out var invoiceKey)
            ?? FinalHopChecks.Check(htlc.AmountMsat, htlc.CltvExpiry, invoiceKey, payload, _invoices, _height, out invoice, _options.AcceptMultiPart);
        if (failure is { } refused)
        {
            FailBack(channel, htlc, peel.SharedSecret.Span, refused, hashHex);
            return;
        }

        if (payload.EffectiveTotalMsat != payload.AmountToForwardMsat || PartSets.TryGet(invoiceKey, out _))
        {
            // One part of a multi-part payment (or a part for an invoice with a set open): held until the set completes.
            var part = new HeldPart(channel.ShortChannelId.Value, htlc.Id, payload.AmountToForwardMsat, peel.SharedSecret.ToArray(), PartSets.Now, PtlcTweakSum: payload.PtlcTweakSum);
            OnPart(channel, htlc, invoiceKey, payload.EffectiveTotalMsat, part, invoice!, hashHex);
            return;
        }

        if (!_invoices.TryClaim(invoice!, out var preimage))
        {
            // HTLCs are checked and claimed under the switch lock, so only an expiry sweep (from
            // the control API creating an invoice) can take it in between: the invoice expired.
            FailBack(channel, htlc, peel.SharedSecret.Span, new HtlcFailure(LocalFailureCause.UnknownInvoice, FailureMessage.IncorrectOrUnknownPaymentDetails(htlc.AmountMsat, _height)), hashHex);
            return;
        }

        Settle(channel, htlc, PayeeSecret(htlc, payload.PtlcTweakSum, preimage), hashHex);
    }


    private void OnFulfill(ChannelState channel, UpdateFulfillHtlcMessage fulfill)
    {
        var refusal = channel.TrySettleOffered(fulfill.HtlcId, fulfill.PaymentPreimage.Span, out var htlc);
        if (refusal != HtlcRemoveRefusal.None)
        {
            Violation(channel.RemoteName, fulfill.ChannelId, $"update_fulfill_htlc {fulfill.HtlcId} refused: {refusal}");
            return;
        }

        var hashHex = Convert.ToHexStringLower(htlc.PaymentHash);
        var preimage = fulfill.PaymentPreimage.ToArray();
        Resolve(
            channel,
            htlc,
            (Preimage: preimage, HashHex: hashHex, Channel: channel, Htlc: htlc),
            // BOLT 2 "Forwarding HTLCs": a fulfilled outgoing HTLC is fulfilled upstream at once.
            static (self, args, incoming, received, _) => self.Settle(incoming, received, args.Preimage, args.HashHex),
            static (self, args) =>
            {
                HtlcLog.Arrived(self._log, args.HashHex, args.Htlc.Id, args.Channel.ShortChannelIdText, args.Htlc.AmountMsat);
                return AttemptOutcome.Fulfilled(args.Preimage);
            });
    }

    private void OnFail(ChannelState channel, UpdateFailHtlcMessage fail)
    {
        if (!TryFailOffered(channel, fail, "update_fail_htlc", out var htlc))
        {
            return;
        }

        var hashHex = Convert.ToHexStringLower(htlc.PaymentHash);
        Resolve(
            channel,
            htlc,
            // We cannot read the failure; we add our layer of obfuscation and pass it on.
            (incoming, received, circuit) => FailUpstream(incoming, received, circuit, hashHex, () =>
                FailReceived(incoming, received, FailurePacket.Wrap(circuit.SharedSecret, fail.Reason.Span), "failed downstream", LocalFailureCause.FailedDownstream, hashHex)),
            () => AttemptOutcome.FailedRemote(fail.Reason.ToArray()));
    }

    private void OnMalformed(ChannelState channel, UpdateFailMalformedHtlcMessage malformed)
    {
        // The decoder already refused a failure_code without the BADONION bit (BOLT 2).
        if (!TryFailOffered(channel, malformed, "update_fail_malformed_htlc", out var htlc))
        {
            return;
        }

        var hashHex = Convert.ToHexStringLower(htlc.PaymentHash);
        Resolve(
            channel,
            htlc,
            (incoming, received, circuit) => FailUpstream(incoming, received, circuit, hashHex, () =>
            {
                // The next hop could not read the onion, so it could not build a failure packet:
                // we build our own from its code and sha256_of_onion (BOLT 4 "Returning Errors").
                if (!FailurePacket.TryCreateFromMalformed(circuit.SharedSecret, malformed.FailureCode, malformed.Sha256OfOnion.Span, out var reason, _options.FailurePaddedLength))
                {
                    throw new InvalidOperationException("A malformed failure without the BADONION bit passed the decoder.");
                }

                FailReceived(incoming, received, reason, $"malformed downstream ({((FailureCode)malformed.FailureCode).SpecName()})", LocalFailureCause.MalformedDownstream, hashHex);
            }),
            () => AttemptOutcome.FailedMalformed((FailureCode)malformed.FailureCode, malformed.Sha256OfOnion.ToArray()));
    }

    /// <summary>The peer fails an HTLC we offered; false, after a warning to the peer, when no such HTLC is in flight.</summary>
    private bool TryFailOffered(ChannelState channel, HtlcUpdateMessage message, string type, out Htlc htlc)
    {
        if (channel.TryFailOffered(message.HtlcId, out htlc) == HtlcRemoveRefusal.None)
        {
            return true;
        }

        Violation(channel.RemoteName, message.ChannelId, $"{type} {message.HtlcId} refused: no such HTLC in flight");
        return false;
    }
}
