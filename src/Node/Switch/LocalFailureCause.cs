using System.Text.Json;

namespace LnRelay.Node.Switch;

/// <summary>
/// Why this node failed an HTLC, as it knows it: the BOLT 4 code it sends names the class
/// of failure for the payer, several causes share one code (temporary_channel_failure for a
/// peer offline, an amount over htlc_maximum_msat or no room on the channel; one
/// incorrect_or_unknown_payment_details for every payee check, on purpose), and the cause
/// is what an operator needs. It is logged (docs/logging.md, <c>HtlcFailed</c>) and never
/// sent. rust-lightning keeps the same split (<c>LocalHTLCFailureReason</c> beside the
/// wire code).
/// </summary>
internal enum LocalFailureCause
{
    // The onion (BOLT 4 "Onion Decryption").

    /// <summary>The onion could not be read (version, key, HMAC) or was seen before: update_fail_malformed_htlc.</summary>
    UnreadableOnion,

    /// <summary>The hop payload broke the TLV or payload rules: invalid_onion_payload.</summary>
    InvalidOnionPayload,

    /// <summary>The replay log is full: temporary_node_failure.</summary>
    ReplayLogFull,

    // A relay's checks, in ForwardingChecks' order.

    /// <summary>Fault injection told this node to refuse every forward: temporary_node_failure.</summary>
    RefusedByFaultInjection,

    /// <summary>The onion names a short_channel_id that is not one of ours: unknown_next_peer.</summary>
    UnknownNextChannel,

    /// <summary>Our policy for the outgoing channel is disabled: channel_disabled.</summary>
    ChannelDisabled,

    /// <summary>amt_to_forward is below htlc_minimum_msat: amount_below_minimum.</summary>
    BelowHtlcMinimum,

    /// <summary>The incoming amount does not leave our fee: fee_insufficient.</summary>
    FeeInsufficient,

    /// <summary>The incoming expiry does not leave our cltv_expiry_delta: incorrect_cltv_expiry.</summary>
    CltvDeltaTooSmall,

    /// <summary>The incoming expiry is too close to the chain's height: expiry_too_soon.</summary>
    ExpiryTooSoon,

    /// <summary>The incoming expiry is further ahead than max_htlc_cltv: expiry_too_far.</summary>
    ExpiryTooFar,

    /// <summary>The next peer has no resumed session: temporary_channel_failure.</summary>
    PeerOffline,

    /// <summary>amt_to_forward is above the outgoing channel's htlc_maximum_msat: temporary_channel_failure.</summary>
    AboveHtlcMaximum,

    /// <summary>Our balance on the outgoing channel cannot pay for it: temporary_channel_failure.</summary>
    InsufficientBalance,

    /// <summary>The outgoing channel has no free HTLC slot (max_accepted_htlcs): temporary_channel_failure.</summary>
    NoHtlcSlot,

    /// <summary>The outgoing channel's max_htlc_value_in_flight_msat would be exceeded: temporary_channel_failure.</summary>
    InFlightLimit,

    /// <summary>The amount to offer is zero (BOLT 2 requires amount_msat above 0): temporary_channel_failure.</summary>
    ZeroAmount,

    /// <summary>The expiry to offer is 500000000 or more (a timestamp, not a height): temporary_channel_failure.</summary>
    ExpiryNotAHeight,

    /// <summary>The outgoing HTLC reached its expiry minus the safety margin unresolved: temporary_channel_failure upstream.</summary>
    DownstreamTimedOut,

    // The payee's checks (FinalHopChecks).

    /// <summary>The HTLC carries less than the onion's amt_to_forward: final_incorrect_htlc_amount.</summary>
    FinalAmountMismatch,

    /// <summary>The HTLC's expiry is below the onion's outgoing_cltv_value: final_incorrect_cltv_expiry.</summary>
    FinalCltvMismatch,

    /// <summary>No open invoice for the payment_hash (unknown, paid or expired): incorrect_or_unknown_payment_details.</summary>
    UnknownInvoice,

    /// <summary>The payment_secret is missing or wrong: incorrect_or_unknown_payment_details.</summary>
    WrongPaymentSecret,

    /// <summary>A multi-part total, less than the invoice or more than twice it: incorrect_or_unknown_payment_details.</summary>
    WrongAmount,

    /// <summary>The expiry leaves less than min_final_cltv_expiry_delta: incorrect_or_unknown_payment_details.</summary>
    FinalExpiryTooSoon,

    // The payee's multi-part sets (PartSetBook, docs/mpp.md).

    /// <summary>A multi-part set was still short of total_msat at its deadline: mpp_timeout on every part.</summary>
    MppTimeout,

    /// <summary>A part announced another total_msat than its set: the whole set fails with incorrect_or_unknown_payment_details.</summary>
    MppTotalMismatch,

    /// <summary>A part would overpay its set by as much as its smallest part: this part fails with incorrect_or_unknown_payment_details.</summary>
    MppOverpayment,

    // Failures from downstream, passed on.

    /// <summary>The next hop failed it with a failure packet; we add our layer and pass it on.</summary>
    FailedDownstream,

    /// <summary>The next hop could not read its onion; we build the failure packet from its code.</summary>
    MalformedDownstream,

    // The origin's own HTLC, before it left.

    /// <summary>The route's first channel is not one of ours.</summary>
    NotOurChannel,

    // Route blinding (BOLT 4 "Route Blinding"): every one of these is answered with invalid_onion_blinding.

    /// <summary>The blinded hop's own checks refused it (the log names the <c>BlindingFailureReason</c>).</summary>
    BlindingRefused,

    /// <summary>The next peer of a blinded forward did not advertise option_route_blinding (feature 24/25) in its init.</summary>
    NextPeerWithoutBlinding,

    /// <summary>The final blob's path_id is not one this node wrote for this payment_hash.</summary>
    WrongPathId,

    /// <summary>An HTLC we forwarded inside a blinded path failed downstream; the real failure stays inside the path.</summary>
    FailedInsideBlindedPath,

    // lnrelay-experimental point locks (docs/ptlc.md).

    /// <summary>A point-locked HTLC whose next peer did not offer point locks (init feature 314/315), or this node has them turned off: unknown_next_peer.</summary>
    NoPointLocks,
}

/// <summary>The log names of <see cref="LocalFailureCause"/> values (snake_case, like BOLT 4's code names).</summary>
internal static class LocalFailureCauseNames
{
    public static string Name(this LocalFailureCause cause) => JsonNamingPolicy.SnakeCaseLower.ConvertName(cause.ToString());
}
