using LnRelay.Node.Channels;
using LnRelay.Node.Invoices;
using LnRelay.Node.Logging;
using LnRelay.Node.MultiPart;
using LnRelay.Sphinx.Failures;
using Microsoft.Extensions.Logging;

namespace LnRelay.Node.Switch;

// Entry point: the payee's multi-part sets (BOLT 4 "Basic Multi-Part Payments", docs/mpp.md):
// a part that passed the final hop's checks is held, and the set is settled, failed, or timed
// out as a whole, under the switch's lock and in one decision group.
internal sealed partial class HtlcSwitch
{
    /// <summary>The payee's sets waiting for parts (60 s timeout on the system clock unless the node sets its own). Set once, before the switch is used.</summary>
    public PartSetBook PartSets { get; init; } = new(TimeProvider.System, PartSetBook.DefaultTimeout);

    /// <summary>The earliest deadline of a held set, for the timer that calls <see cref="ExpirePartSets"/>.</summary>
    public DateTimeOffset? NextPartSetDeadline
    {
        get
        {
            lock (_gate)
            {
                return PartSets.NextDeadline;
            }
        }
    }

    /// <summary>The hold timeout of sets opened from now on (BOLT 4's "reasonable timeout"; docs/mpp.md).</summary>
    public TimeSpan PartSetTimeout
    {
        get
        {
            lock (_gate)
            {
                return PartSets.Timeout;
            }
        }

        set
        {
            lock (_gate)
            {
                PartSets.Timeout = value;
            }
        }
    }

    /// <summary>Runs <paramref name="read"/> on the held sets under the switch's lock (the control API's GET /v1/mpp).</summary>
    public T ReadPartSets<T>(Func<IReadOnlyCollection<PartSet>, T> read)
    {
        lock (_gate)
        {
            return read(PartSets.Sets);
        }
    }

    /// <summary>Held parts, across every set.</summary>
    public int HeldPartCount
    {
        get
        {
            lock (_gate)
            {
                return PartSets.Sets.Sum(s => s.Parts.Count);
            }
        }
    }

    /// <summary>
    /// Fails every part of every set whose deadline has come with mpp_timeout (BOLT 4: "MUST
    /// fail all HTLCs in the HTLC set after some reasonable timeout", code 0x0017), one set in one
    /// step. Returns how many sets timed out.
    /// </summary>
    public int ExpirePartSets()
    {
        using var group = Journal.OpenGroup();
        lock (_gate)
        {
            var expired = PartSets.Expire();
            foreach (var set in expired)
            {
                FailParts(set.Parts, new HtlcFailure(LocalFailureCause.MppTimeout, FailureMessage.Create(FailureCode.MppTimeout)), set.PaymentHashHex);
                _log.LogInformation(
                    NodeLogEvents.MppSetFailed,
                    "Multi-part set {PaymentHash} timed out with {Parts} part(s), {SumMsat} of {TotalMsat} msat: every part failed with {Failure}",
                    set.PaymentHashHex, set.Parts.Count, set.SumMsat, set.TotalMsat, FailureCode.MppTimeout.SpecName());
            }

            return expired.Count;
        }
    }

    /// <summary>Puts back the sets a restarted payee's store kept, deadlines unchanged (at start, after the channels; a deadline that passed while the node was down fails the set at the first tick).</summary>
    internal void RestorePartSets(IEnumerable<PartSet> sets)
    {
        lock (_gate)
        {
            foreach (var set in sets)
            {
                PartSets.Restore(set);
            }
        }
    }

    /// <summary>
    /// A part that passed the final hop's own checks (<paramref name="part"/>, made by the caller
    /// with how it fails and settles), offered to the set of <paramref name="setKey"/>: the
    /// invoice's key (the payment_hash; for a point lock the payee point Z, which no relay sees,
    /// since every part has its own lock; docs/mpp.md, "Keys").
    /// </summary>
    private void OnPart(ChannelState channel, Htlc htlc, byte[] setKey, ulong totalMsat, HeldPart part, Invoice invoice, string hashHex)
    {
        var decision = PartSets.Offer(setKey, totalMsat, part);
        var unknown = (Htlc h) => FailureMessage.IncorrectOrUnknownPaymentDetails(h.AmountMsat, _height);
        switch (decision.Verdict)
        {
            case PartSetVerdict.Held:
                PartSets.TryGet(setKey, out var set);
                _log.LogInformation(
                    NodeLogEvents.MppPartHeld,
                    "Holding {PaymentHash} HTLC {HtlcId} on {Scid}: part of {PartMsat} msat, {SumMsat} of {TotalMsat} msat in {Parts} part(s) until {Deadline}",
                    hashHex, htlc.Id, channel.ShortChannelIdText, part.AmountMsat, set.SumMsat, set.TotalMsat, set.Parts.Count, set.Deadline);
                return;
            case PartSetVerdict.RefusePart:
                FailPart(channel, htlc, part, new HtlcFailure(LocalFailureCause.MppOverpayment, unknown(htlc)), hashHex);
                return;
            case PartSetVerdict.FailSet:
                FailParts(decision.Parts, h => new HtlcFailure(LocalFailureCause.MppTotalMismatch, unknown(h)), hashHex);
                _log.LogInformation(NodeLogEvents.MppSetFailed, "Multi-part set {PaymentHash} failed: a part announced total_msat {TotalMsat}, unlike the set; every part failed with {Failure}", hashHex, totalMsat, FailureCode.IncorrectOrUnknownPaymentDetails.SpecName());
                return;
        }

        if (!_invoices.TryClaim(invoice, out var preimage))
        {
            // Only an expiry sweep can take the invoice between the checks and here (as for one part).
            FailParts(decision.Parts, h => new HtlcFailure(LocalFailureCause.UnknownInvoice, unknown(h)), hashHex);
            return;
        }

        // BOLT 4: "if it fulfills any HTLCs in the HTLC set: MUST fulfill the entire HTLC set" — all under this lock, in this decision's group.
        // Each part settles with its own secret: the preimage, or for a point lock z + Σy of that part (docs/ptlc.md).
        foreach (var held in decision.Parts)
        {
            if (TryHeld(held, out var heldChannel, out var heldHtlc))
            {
                Settle(heldChannel, heldHtlc, PayeeSecret(heldHtlc, held.PtlcTweakSum, preimage), Convert.ToHexStringLower(heldHtlc.PaymentHash));
            }
        }

        _log.LogInformation(
            NodeLogEvents.MppSetCompleted,
            "Multi-part set {PaymentHash} complete: {Parts} part(s) settled together, {SumMsat} msat for total {TotalMsat} msat ({PartList})",
            Convert.ToHexStringLower(setKey), decision.Parts.Count, decision.Parts.Aggregate(0UL, (sum, p) => sum + p.AmountMsat), totalMsat,
            string.Join(", ", decision.Parts.Select(p => $"{Sphinx.ShortChannelId.FromUInt64(p.Scid)}/{p.HtlcId}:{p.AmountMsat}")));
    }

    private void FailParts(IEnumerable<HeldPart> parts, HtlcFailure failure, string hashHex) => FailParts(parts, _ => failure, hashHex);

    private void FailParts(IEnumerable<HeldPart> parts, Func<Htlc, HtlcFailure> failure, string hashHex)
    {
        foreach (var part in parts)
        {
            if (TryHeld(part, out var channel, out var htlc))
            {
                FailPart(channel, htlc, part, failure(htlc), hashHex);
            }
        }
    }

    /// <summary>
    /// Fails one part back: with the failure itself, or, for a part that came with the path key
    /// in update_add_htlc, as invalid_onion_blinding (update_fail_malformed_htlc): inside a blinded
    /// path every failure looks the same (BOLT 4 "Route Blinding"), mpp_timeout included; our log
    /// keeps the cause.
    /// </summary>
    private void FailPart(ChannelState channel, Htlc htlc, HeldPart part, HtlcFailure failure, string hashHex)
    {
        if (part.Role == BlindedRole.BlindedRelay)
        {
            FailInsideBlindedPath(channel, htlc, part.Role, part.SharedSecret, part.OnionSha256, failure.Cause, hashHex);
            return;
        }

        FailBack(channel, htlc, part.SharedSecret, failure, hashHex);
    }

    /// <summary>The channel and HTLC of a held part; false (logged) if the HTLC is no longer in flight, which the store's one-decision rule should make impossible.</summary>
    private bool TryHeld(HeldPart part, out ChannelState channel, out Htlc htlc)
    {
        htlc = null!;
        if (_channels.TryGetValue(part.Scid, out channel!) && channel.Received.TryGetValue(part.HtlcId, out var found))
        {
            htlc = found;
            return true;
        }

        _log.LogWarning(NodeLogEvents.MppSetFailed, "A held part, HTLC {HtlcId} on {Scid}, is no longer in flight; it is left out", part.HtlcId, Sphinx.ShortChannelId.FromUInt64(part.Scid).ToString());
        return false;
    }
}
