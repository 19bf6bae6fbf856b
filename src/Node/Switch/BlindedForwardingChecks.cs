using LnRelay.Node.Channels;
using LnRelay.Sphinx.Blinding;

namespace LnRelay.Node.Switch;

/// <summary>
/// The channel checks of a forward inside a blinded path, once <see cref="BlindedHopChecks.CheckRelay"/>
/// has passed and computed the forward from the blob's <c>payment_relay</c>
/// (docs/blinded-paths.md, "Plan", step 2). They are <see cref="ForwardingChecks"/>' checks
/// that are not about the fee or the channel's own CLTV delta: the blob's policy governs those,
/// and applying the BOLT 7 fee check on top would refuse valid payments (the rounding trap). In order:
/// <list type="number">
/// <item>the outgoing channel is not ours (or no channel to <c>next_node_id</c>) → <see cref="LocalFailureCause.UnknownNextChannel"/></item>
/// <item>our policy on it is disabled → <see cref="LocalFailureCause.ChannelDisabled"/></item>
/// <item>the forward is below its htlc_minimum_msat → <see cref="LocalFailureCause.BelowHtlcMinimum"/></item>
/// <item>the outgoing expiry is not above the height → <see cref="LocalFailureCause.ExpiryTooSoon"/></item>
/// <item>the incoming expiry is more than max_htlc_cltv ahead → <see cref="LocalFailureCause.ExpiryTooFar"/></item>
/// <item>the next peer is away, did not advertise option_route_blinding, or the channel cannot carry it now</item>
/// </list>
/// Whatever the cause, the HTLC is answered with invalid_onion_blinding; the cause is for our log.
/// </summary>
internal static class BlindedForwardingChecks
{
    public static LocalFailureCause? Check(
        BlindedForward forward,
        uint incomingCltvExpiry,
        ChannelState? outgoing,
        bool nextPeerConnected,
        bool nextPeerSupportsBlinding,
        uint height,
        SwitchOptions options)
    {
        if (outgoing is null)
        {
            return LocalFailureCause.UnknownNextChannel;
        }

        var policy = outgoing.LocalPolicy;
        if (!policy.Enabled)
        {
            return LocalFailureCause.ChannelDisabled;
        }

        if (forward.AmountMsat < policy.HtlcMinimumMsat)
        {
            return LocalFailureCause.BelowHtlcMinimum;
        }

        if (forward.CltvExpiry <= height)
        {
            return LocalFailureCause.ExpiryTooSoon;
        }

        if ((ulong)incomingCltvExpiry > (ulong)height + options.MaxHtlcCltvDelta)
        {
            return LocalFailureCause.ExpiryTooFar;
        }

        return !nextPeerConnected ? LocalFailureCause.PeerOffline
            : !nextPeerSupportsBlinding ? LocalFailureCause.NextPeerWithoutBlinding
            : forward.AmountMsat > policy.HtlcMaximumMsat ? LocalFailureCause.AboveHtlcMaximum
            : outgoing.CanOffer(forward.AmountMsat, forward.CltvExpiry) is var refusal && refusal != HtlcAddRefusal.None ? HtlcFailure.CauseOf(refusal)
            : null;
    }
}
