using LnRelay.Node.Channels;
using LnRelay.Sphinx.Failures;
using LnRelay.Sphinx.Payloads;

namespace LnRelay.Node.Switch;

/// <summary>
/// A relay's checks on an HTLC whose onion peeled to a forward, in one fixed order
/// (BOLT 4 "Failure Messages" says to report the first error encountered; the order
/// follows BOLT 4's "Failure Messages" list and BOLT 2 "Forwarding HTLCs"). The first failing check decides the failure:
/// <list type="number">
/// <item>short_channel_id not one of ours → unknown_next_peer</item>
/// <item>outgoing policy disabled → channel_disabled</item>
/// <item>amt_to_forward below htlc_minimum_msat → amount_below_minimum (the outgoing amount)</item>
/// <item>incoming − amt_to_forward below the fee → fee_insufficient (the incoming amount)</item>
/// <item>cltv_expiry − cltv_expiry_delta below outgoing_cltv_value → incorrect_cltv_expiry (the incoming expiry)</item>
/// <item>cltv_expiry − height below cltv_expiry_delta (BOLT 2 "Forwarding HTLCs") → expiry_too_soon</item>
/// <item>cltv_expiry more than max_htlc_cltv ahead → expiry_too_far</item>
/// <item>the next peer is not connected, the amount is above htlc_maximum_msat, or the
/// channel cannot carry it now (balance, HTLC slots, in-flight cap) → temporary_channel_failure</item>
/// </list>
/// Each failure carries its <see cref="LocalFailureCause"/> for the log: the one code
/// temporary_channel_failure has several.
/// Failures with the UPDATE flag carry our signed channel_update for the outgoing channel.
/// (A relay told to refuse everything by fault injection answers temporary_node_failure
/// before these checks run: that is the switch's decision, not a check.)
/// </summary>
internal static class ForwardingChecks
{
    public static HtlcFailure? Check(
        ulong incomingAmountMsat,
        uint incomingCltvExpiry,
        RelayPayload payload,
        ChannelState? outgoing,
        bool nextPeerConnected,
        uint height,
        SwitchOptions options,
        Func<ChannelState, byte[]?> channelUpdate)
    {
        if (outgoing is null)
        {
            return new(LocalFailureCause.UnknownNextChannel, FailureMessage.Create(FailureCode.UnknownNextPeer));
        }

        var policy = outgoing.LocalPolicy;
        var amount = payload.AmountToForwardMsat;
        if (!policy.Enabled)
        {
            return new(LocalFailureCause.ChannelDisabled, FailureMessage.ChannelDisabled(0, channelUpdate(outgoing)));
        }

        if (amount < policy.HtlcMinimumMsat)
        {
            return new(LocalFailureCause.BelowHtlcMinimum, FailureMessage.AmountBelowMinimum(amount, channelUpdate(outgoing)));
        }

        if (incomingAmountMsat < amount || incomingAmountMsat - amount < policy.FeeFor(amount))
        {
            return new(LocalFailureCause.FeeInsufficient, FailureMessage.FeeInsufficient(incomingAmountMsat, channelUpdate(outgoing)));
        }

        if ((ulong)incomingCltvExpiry < (ulong)payload.OutgoingCltvValue + policy.CltvExpiryDelta)
        {
            return new(LocalFailureCause.CltvDeltaTooSmall, FailureMessage.IncorrectCltvExpiry(incomingCltvExpiry, channelUpdate(outgoing)));
        }

        if (incomingCltvExpiry <= height || incomingCltvExpiry - height < policy.CltvExpiryDelta)
        {
            return new(LocalFailureCause.ExpiryTooSoon, FailureMessage.ExpiryTooSoon(channelUpdate(outgoing)));
        }

        if ((ulong)incomingCltvExpiry > (ulong)height + options.MaxHtlcCltvDelta)
        {
            return new(LocalFailureCause.ExpiryTooFar, FailureMessage.Create(FailureCode.ExpiryTooFar));
        }

        // Three causes, one code (BOLT 4 has no finer one): the log says which.
        var cause = !nextPeerConnected ? LocalFailureCause.PeerOffline
            : amount > policy.HtlcMaximumMsat ? LocalFailureCause.AboveHtlcMaximum
            : outgoing.CanOffer(amount, payload.OutgoingCltvValue) is var refusal && refusal != HtlcAddRefusal.None ? HtlcFailure.CauseOf(refusal)
            : (LocalFailureCause?)null;
        return cause is { } c ? new(c, FailureMessage.TemporaryChannelFailure(channelUpdate(outgoing))) : null;
    }
}
