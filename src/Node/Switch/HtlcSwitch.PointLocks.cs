using LnRelay.Crypto;
using LnRelay.Node.Channels;
using LnRelay.Node.Logging;
using LnRelay.Sphinx.Failures;
using LnRelay.Sphinx.Payloads;
using LnRelay.Sphinx.Ptlc;
using LnRelay.Transport.Messages;

namespace LnRelay.Node.Switch;

// lnrelay-experimental point locks (docs/ptlc.md): what differs from a hash lock at each step
// of the one HTLC path. A point-locked HTLC's lock is its 33-byte point (Htlc.IsPointLocked);
// everything else (channels, circuits, failures, the store) is the HTLC path unchanged.
internal sealed partial class HtlcSwitch
{
    /// <summary>
    /// The outgoing lock as the HopView logs it: for a hash lock it is the incoming one, whose hex
    /// the forward already has (<paramref name="incomingHex"/>), so the forward path formats no second copy.
    /// </summary>
    private static string LockOutHex(Htlc htlc, byte[] outgoingLock, string incomingHex) =>
        ReferenceEquals(outgoingLock, htlc.PaymentHash) ? incomingHex : Convert.ToHexStringLower(outgoingLock);

    /// <summary>
    /// A relay's outgoing lock: the incoming hash for a hash lock; for a point lock
    /// R_i = L_i + y_i·G from the payload's <c>ptlc_tweak</c> (docs/ptlc.md, "Lock and forward").
    /// A failure when the payload and the lock disagree (a tweak in a hash-locked payment, or
    /// none in a point-locked one: invalid_onion_payload naming type 71324), or the next peer
    /// does not speak point locks (unknown_next_peer).
    /// </summary>
    private HtlcFailure? OutgoingLock(Htlc htlc, RelayPayload payload, ChannelState? outgoing, out byte[] outgoingLock, out byte[]? tweak)
    {
        outgoingLock = htlc.PaymentHash;
        tweak = payload.PtlcTweak;
        if (htlc.IsPointLocked != tweak is not null)
        {
            return new HtlcFailure(LocalFailureCause.InvalidOnionPayload, FailureMessage.InvalidOnionPayload(HopPayloadTypes.PtlcTweak, 0));
        }

        if (!htlc.IsPointLocked)
        {
            return null;
        }

        if (outgoing is not null && !_outbox.SupportsPointLocks(outgoing.RemoteName))
        {
            return new HtlcFailure(LocalFailureCause.NoPointLocks, FailureMessage.Create(FailureCode.UnknownNextPeer));
        }

        // The lock parsed when the HTLC was accepted and the tweak is a checked scalar, so this
        // fails only if L_i = −y_i·G: the payer chose that, and the payment cannot go on.
        if (!PublicKey.TryParse(htlc.PaymentHash, out var incoming) || !PtlcRelay.TryDeriveOutgoingLock(incoming, tweak, out var derived))
        {
            return new HtlcFailure(LocalFailureCause.InvalidOnionPayload, FailureMessage.InvalidOnionPayload(HopPayloadTypes.PtlcTweak, 0));
        }

        outgoingLock = derived.ToBytes();
        return null;
    }

    /// <summary>
    /// A blinded relay's outgoing lock (docs/ptlc.md "Through blinded paths"): the incoming hash, or
    /// R_i = L_i + y_i·G from the <c>ptlc_tweak</c> beside its encrypted_recipient_data. A cause when the
    /// next peer does not speak point locks or the lock cannot be derived; the caller answers it with
    /// invalid_onion_blinding, as every failure inside a path (BOLT 4 "Route Blinding").
    /// </summary>
    private LocalFailureCause? BlindedOutgoingLock(Htlc htlc, byte[]? tweak, ChannelState? outgoing, out byte[] outgoingLock)
    {
        outgoingLock = htlc.PaymentHash;
        if (!htlc.IsPointLocked)
        {
            return null;
        }

        if (outgoing is not null && !_outbox.SupportsPointLocks(outgoing.RemoteName))
        {
            return LocalFailureCause.NoPointLocks;
        }

        if (tweak is null || !PublicKey.TryParse(htlc.PaymentHash, out var incoming) || !PtlcRelay.TryDeriveOutgoingLock(incoming, tweak, out var derived))
        {
            return LocalFailureCause.InvalidOnionPayload;
        }

        outgoingLock = derived.ToBytes();
        return null;
    }

    /// <summary>
    /// The payee's invoice key: the payment hash for a hash lock; for a point lock the payee
    /// point Z = L_n − Σy·G (docs/ptlc.md, "Recipient"). A failure as for <see cref="OutgoingLock"/>.
    /// </summary>
    private static HtlcFailure? InvoiceKey(Htlc htlc, FinalPayload payload, out byte[] key) => InvoiceKey(htlc, payload.PtlcTweakSum, out key);

    /// <summary>
    /// One of our own dummy hops in a point-locked blinded payment (docs/ptlc.md "Through blinded
    /// paths"): the payer gave it a tweak y_d like any hop, so the next layer's associated data is
    /// the lock it would have passed on, <paramref name="lockIn"/> + y_d·G, and y_d joins
    /// <paramref name="dummyTweaks"/>, which the recipient takes out of the final Σy. False when the
    /// tweak is missing or invalid.
    /// </summary>
    private static bool TryPassDummyLock(ref byte[] lockIn, ref byte[]? dummyTweaks, byte[]? tweak)
    {
        if (tweak is null || !PublicKey.TryParse(lockIn, out var incoming) || !PtlcRelay.TryDeriveOutgoingLock(incoming, tweak, out var next))
        {
            return false;
        }

        if (dummyTweaks is not null)
        {
            var sum = new byte[PointLock.ScalarSize];
            if (!CurveArithmetic.TryAddScalars(dummyTweaks, tweak, sum))
            {
                return false;
            }

            tweak = sum;
        }

        lockIn = next.ToBytes();
        dummyTweaks = tweak;
        return true;
    }

    /// <summary>The final Σy less our own dummy hops' tweaks (Σy itself when there were none, or for a hash lock).</summary>
    private static byte[]? WithoutDummyTweaks(byte[]? sum, byte[]? dummyTweaks)
    {
        if (sum is null || dummyTweaks is null)
        {
            return sum;
        }

        var rest = new byte[PointLock.ScalarSize];
        // A zero difference (Σy of the other hops = 0) has probability ~2^-256; it then fails as a missing Σy.
        return CurveArithmetic.TrySubtractScalars(sum, dummyTweaks, rest) ? rest : null;
    }

    /// <summary><see cref="InvoiceKey(Htlc, FinalPayload, out byte[])"/> from the payload's Σy (a blinded final hop's, docs/ptlc.md "Through blinded paths").</summary>
    private static HtlcFailure? InvoiceKey(Htlc htlc, byte[]? sum, out byte[] key)
    {
        key = htlc.PaymentHash;
        if (htlc.IsPointLocked != sum is not null)
        {
            return new HtlcFailure(LocalFailureCause.InvalidOnionPayload, FailureMessage.InvalidOnionPayload(HopPayloadTypes.PtlcTweakSum, 0));
        }

        if (htlc.IsPointLocked)
        {
            if (!PublicKey.TryParse(htlc.PaymentHash, out var finalLock) || !PtlcRecipient.TryRecoverPayeePoint(finalLock, sum, out var payee))
            {
                return new HtlcFailure(LocalFailureCause.InvalidOnionPayload, FailureMessage.InvalidOnionPayload(HopPayloadTypes.PtlcTweakSum, 0));
            }

            key = payee.ToBytes();
        }

        return null;
    }

    /// <summary>What settles the payee's HTLC: the preimage, or for a point lock s_n = z + Σy.</summary>
    private static byte[] PayeeSecret(Htlc htlc, byte[]? tweakSum, byte[] invoiceSecret)
    {
        if (!htlc.IsPointLocked)
        {
            return invoiceSecret;
        }

        var scalar = new byte[PointLock.ScalarSize];
        return PtlcRecipient.TrySettlementScalar(invoiceSecret, tweakSum, scalar)
            ? scalar
            : throw new InvalidOperationException("z + Σy is 0, yet L_n = (z + Σy)·G is a point.");
    }

    /// <summary>
    /// The secret a relay settles its incoming HTLC with once its outgoing one was settled: the
    /// same preimage, or for a point lock s − y_i (the downstream scalar was checked against the
    /// outgoing lock by the channel already; s_i·G = L_i then holds by construction).
    /// </summary>
    private static byte[] UpstreamSecret(ForwardCircuit circuit, byte[] downstream)
    {
        if (circuit.PtlcTweak is not { } tweak)
        {
            return downstream;
        }

        var upstream = new byte[PointLock.ScalarSize];
        return CurveArithmetic.TrySubtractScalars(downstream, tweak, upstream)
            ? upstream
            : throw new InvalidOperationException("s − y_i is 0, yet s_i·G is the incoming lock.");
    }

    /// <summary>An offer for the peer in the message its lock needs: update_add_htlc, or update_add_ptlc.</summary>
    private static HtlcUpdateMessage AddMessage(ChannelState channel, Htlc htlc, byte[] onion) =>
        htlc.IsPointLocked
            ? new UpdateAddPtlcMessage(channel.ChannelId, htlc.Id, htlc.AmountMsat, htlc.PaymentHash, htlc.CltvExpiry, onion)
            : new UpdateAddHtlcMessage(channel.ChannelId, htlc.Id, htlc.AmountMsat, htlc.PaymentHash, htlc.CltvExpiry, onion);

    /// <summary>A settlement for the peer in the message its lock needs: update_fulfill_htlc, or update_fulfill_ptlc.</summary>
    private static HtlcUpdateMessage FulfillMessage(ChannelState channel, Htlc htlc, byte[] secret) =>
        htlc.IsPointLocked
            ? new UpdateFulfillPtlcMessage(channel.ChannelId, htlc.Id, secret)
            : new UpdateFulfillHtlcMessage(channel.ChannelId, htlc.Id, secret);

    /// <summary>
    /// Refuses an update_add_ptlc this node cannot take (point locks off) or whose lock is not a
    /// curve point, before the channel accepts it: a protocol violation, answered with a warning.
    /// </summary>
    private bool RefusesPointLock(ChannelState channel, IUpdateAddMessage add)
    {
        if (add is not UpdateAddPtlcMessage)
        {
            return false;
        }

        var why = !_options.PointLocks ? "point locks are off on this node"
            : !PublicKey.TryParse(add.Lock.Span, out _) ? "its lock_point is not a point"
            : null;
        if (why is null)
        {
            return false;
        }

        Violation(channel.RemoteName, add.ChannelId, $"update_add_ptlc {add.HtlcId} refused: {why}");
        return true;
    }

    /// <summary>
    /// The peer settles a point-locked HTLC we offered with a scalar (update_fulfill_ptlc). The
    /// channel checks s·G against the lock; a scalar that does not open it is a protocol
    /// violation (as a wrong preimage is in BOLT 2) and changes nothing.
    /// </summary>
    private void OnFulfillPtlc(ChannelState channel, UpdateFulfillPtlcMessage fulfill)
    {
        if (!channel.Offered.TryGetValue(fulfill.HtlcId, out var offered) || !offered.IsPointLocked)
        {
            Violation(channel.RemoteName, fulfill.ChannelId, $"update_fulfill_ptlc {fulfill.HtlcId} refused: no point-locked HTLC with that id in flight");
            return;
        }

        var refusal = channel.TrySettleOffered(fulfill.HtlcId, fulfill.Scalar.Span, out var htlc);
        if (refusal != HtlcRemoveRefusal.None)
        {
            Violation(channel.RemoteName, fulfill.ChannelId, $"update_fulfill_ptlc {fulfill.HtlcId} refused: {(refusal == HtlcRemoveRefusal.WrongPreimage ? "scalar*G is not the lock point" : refusal.ToString())}");
            return;
        }

        var lockHex = Convert.ToHexStringLower(htlc.PaymentHash);
        var scalar = fulfill.Scalar.ToArray();
        Resolve(
            channel,
            htlc,
            (incoming, received, circuit) => Settle(incoming, received, UpstreamSecret(circuit, scalar), Convert.ToHexStringLower(received.PaymentHash)),
            () =>
            {
                HtlcLog.Arrived(_log, lockHex, htlc.Id, channel.ShortChannelIdText, htlc.AmountMsat);
                return AttemptOutcome.Fulfilled(scalar);
            });
    }
}
