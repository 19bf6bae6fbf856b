namespace LnRelay.Sphinx.Blinding;

/// <summary>What a blinded relay forwards: computed from <c>payment_relay</c>, never from the payer.</summary>
public readonly record struct BlindedForward(ulong AmountMsat, uint CltvExpiry);

/// <summary>
/// The checks BOLT 4 asks of a hop on its decrypted <c>encrypted_data_tlv</c> ("Route
/// Blinding", reader requirements), in the spec's order, and the relay's forward
/// arithmetic ("<c>payload</c> format"). Pure functions of the blob and the incoming HTLC's
/// amount and expiry; every refusal is a <see cref="BlindingFailureReason"/>.
/// </summary>
public static class BlindedHopChecks
{
    private const ulong Million = 1_000_000;

    /// <summary>
    /// The checks every blinded hop makes: <c>payment_constraints</c> (expiry not above
    /// <c>max_cltv_expiry</c>, amount not below <c>htlc_minimum_msat</c>), no
    /// <c>allowed_features</c> bit (none is defined for payments, odd ones included), and
    /// not both <c>short_channel_id</c> and <c>next_node_id</c>.
    /// </summary>
    public static BlindingFailureReason CheckCommon(RecipientData data, ulong incomingAmountMsat, uint incomingCltvExpiry)
    {
        if (data.PaymentConstraints is { } constraints)
        {
            if (incomingCltvExpiry > constraints.MaxCltvExpiry)
            {
                return BlindingFailureReason.ExpiryAboveMaximum;
            }

            if (incomingAmountMsat < constraints.HtlcMinimumMsat)
            {
                return BlindingFailureReason.AmountBelowMinimum;
            }
        }

        if (data.AllowedFeatures is { } features && features.AsSpan().ContainsAnyExcept((byte)0))
        {
            return BlindingFailureReason.UnknownFeature;
        }

        return data.ShortChannelId is not null && data.NextNodeId is not null
            ? BlindingFailureReason.AmbiguousNextHop
            : BlindingFailureReason.None;
    }

    /// <summary>
    /// A relay's checks and its forward: <see cref="CheckCommon"/>, a next hop and
    /// <c>payment_relay</c> required, then
    /// <c>amt_to_forward = ceil((amount − fee_base)·10^6 / (10^6 + ppm))</c> and
    /// <c>outgoing_cltv = cltv_expiry − cltv_expiry_delta</c>. The normal BOLT 7 fee check
    /// must NOT be applied on top: the rounded-up forward can leave the relay 1 msat short of
    /// it (docs/blinded-paths.md, "The rounding trap"). 64-bit arithmetic throughout:
    /// 10^6 + ppm does not fit 32 bits.
    /// </summary>
    public static BlindingFailureReason CheckRelay(RecipientData data, ulong incomingAmountMsat, uint incomingCltvExpiry, out BlindedForward forward)
    {
        forward = default;
        var common = CheckCommon(data, incomingAmountMsat, incomingCltvExpiry);
        if (common != BlindingFailureReason.None)
        {
            return common;
        }

        if (data.ShortChannelId is null && data.NextNodeId is null)
        {
            return BlindingFailureReason.MissingNextHop;
        }

        if (data.PaymentRelay is not { } relay)
        {
            return BlindingFailureReason.MissingPaymentRelay;
        }

        if (!TryForwardAmount(relay, incomingAmountMsat, out var amount))
        {
            return BlindingFailureReason.AmountBelowFee;
        }

        if (incomingCltvExpiry <= relay.CltvExpiryDelta)
        {
            return BlindingFailureReason.ExpiryBelowDelta;
        }

        forward = new BlindedForward(amount, incomingCltvExpiry - relay.CltvExpiryDelta);
        return BlindingFailureReason.None;
    }

    /// <summary>
    /// <c>ceil((incoming − fee_base)·10^6 / (10^6 + ppm))</c>, computed in 128 bits so no
    /// amount up to the BOLT 1 ceiling can overflow. False when the incoming amount does not
    /// cover the base fee.
    /// </summary>
    public static bool TryForwardAmount(PaymentRelay relay, ulong incomingAmountMsat, out ulong forward)
    {
        forward = 0;
        if (incomingAmountMsat < relay.FeeBaseMsat)
        {
            return false;
        }

        UInt128 afterBase = incomingAmountMsat - relay.FeeBaseMsat;
        UInt128 divisor = Million + relay.FeeProportionalMillionths;
        forward = (ulong)(((afterBase * Million) + divisor - 1) / divisor);
        return true;
    }
}
