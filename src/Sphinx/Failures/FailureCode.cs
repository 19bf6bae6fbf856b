namespace LnRelay.Sphinx.Failures;

/// <summary>
/// Every BOLT 4 <c>failure_code</c> ("Returning Errors", "Failure Messages"). The top bits are
/// flags (<see cref="FailureFlags.BadOnion"/>, <see cref="FailureFlags.Perm"/>,
/// <see cref="FailureFlags.Node"/>, <see cref="FailureFlags.Update"/>); values match
/// tests/vectors/bolt04-failure-codes.json. The data each code carries is laid out in
/// <see cref="FailureDataLayouts"/>. A code received from a peer that is not listed here is kept
/// as its raw value.
/// </summary>
public enum FailureCode : ushort
{
    /// <summary>NODE|2 <c>temporary_node_failure</c>: a general temporary failure of the processing node.</summary>
    TemporaryNodeFailure = FailureFlags.Node | 2,

    /// <summary>PERM|NODE|2 <c>permanent_node_failure</c>: a general permanent failure of the processing node.</summary>
    PermanentNodeFailure = FailureFlags.Perm | FailureFlags.Node | 2,

    /// <summary>PERM|NODE|3 <c>required_node_feature_missing</c>: the node requires features the onion did not offer.</summary>
    RequiredNodeFeatureMissing = FailureFlags.Perm | FailureFlags.Node | 3,

    /// <summary>BADONION|PERM|4 <c>invalid_onion_version</c>: the onion's version byte is unknown; carries sha256_of_onion.</summary>
    InvalidOnionVersion = FailureFlags.BadOnion | FailureFlags.Perm | 4,

    /// <summary>BADONION|PERM|5 <c>invalid_onion_hmac</c>: the onion's HMAC does not verify; carries sha256_of_onion.</summary>
    InvalidOnionHmac = FailureFlags.BadOnion | FailureFlags.Perm | 5,

    /// <summary>BADONION|PERM|6 <c>invalid_onion_key</c>: the ephemeral key is not a valid point; carries sha256_of_onion.</summary>
    InvalidOnionKey = FailureFlags.BadOnion | FailureFlags.Perm | 6,

    /// <summary>UPDATE|7 <c>temporary_channel_failure</c>: the outgoing channel cannot take the HTLC right now (capacity, slots); optional channel_update.</summary>
    TemporaryChannelFailure = FailureFlags.Update | 7,

    /// <summary>PERM|8 <c>permanent_channel_failure</c>: the outgoing channel is unusable for good.</summary>
    PermanentChannelFailure = FailureFlags.Perm | 8,

    /// <summary>PERM|9 <c>required_channel_feature_missing</c>: the outgoing channel needs features the onion did not offer.</summary>
    RequiredChannelFeatureMissing = FailureFlags.Perm | 9,

    /// <summary>PERM|10 <c>unknown_next_peer</c>: no channel matches the onion's short_channel_id.</summary>
    UnknownNextPeer = FailureFlags.Perm | 10,

    /// <summary>UPDATE|11 <c>amount_below_minimum</c>: the outgoing HTLC is below the channel's htlc_minimum_msat; carries the outgoing htlc_msat.</summary>
    AmountBelowMinimum = FailureFlags.Update | 11,

    /// <summary>UPDATE|12 <c>fee_insufficient</c>: the fee left for this hop is too small; carries the incoming htlc_msat.</summary>
    FeeInsufficient = FailureFlags.Update | 12,

    /// <summary>UPDATE|13 <c>incorrect_cltv_expiry</c>: incoming expiry minus outgoing expiry is below the channel's cltv_expiry_delta; carries cltv_expiry.</summary>
    IncorrectCltvExpiry = FailureFlags.Update | 13,

    /// <summary>UPDATE|14 <c>expiry_too_soon</c>: the outgoing expiry is too close to the current block height.</summary>
    ExpiryTooSoon = FailureFlags.Update | 14,

    /// <summary>PERM|15 <c>incorrect_or_unknown_payment_details</c>: the payee does not know the hash, the secret is wrong, the amount or expiry is off; carries htlc_msat and height.</summary>
    IncorrectOrUnknownPaymentDetails = FailureFlags.Perm | 15,

    /// <summary>PERM|16 <c>incorrect_payment_amount</c>: retired (merged into PERM|15 to stop probing); never sent, recognised on read.</summary>
    IncorrectPaymentAmount = FailureFlags.Perm | 16,

    /// <summary>17 <c>final_expiry_too_soon</c>: retired (merged into PERM|15); never sent, recognised on read.</summary>
    FinalExpiryTooSoon = 17,

    /// <summary>18 <c>final_incorrect_cltv_expiry</c>: the final HTLC's cltv_expiry is below the onion's outgoing_cltv_value; carries cltv_expiry.</summary>
    FinalIncorrectCltvExpiry = 18,

    /// <summary>19 <c>final_incorrect_htlc_amount</c>: the final HTLC's amount is below the onion's amt_to_forward; carries incoming_htlc_amt.</summary>
    FinalIncorrectHtlcAmount = 19,

    /// <summary>UPDATE|20 <c>channel_disabled</c>: the outgoing channel is disabled; carries disabled_flags (0) and an optional channel_update.</summary>
    ChannelDisabled = FailureFlags.Update | 20,

    /// <summary>21 <c>expiry_too_far</c>: the HTLC's expiry is too far in the future.</summary>
    ExpiryTooFar = 21,

    /// <summary>PERM|22 <c>invalid_onion_payload</c>: the decrypted payload is not valid; carries the TLV type at fault and its offset.</summary>
    InvalidOnionPayload = FailureFlags.Perm | 22,

    /// <summary>23 <c>mpp_timeout</c>: the full amount of a multi-part payment did not arrive in time.</summary>
    MppTimeout = 23,

    /// <summary>BADONION|PERM|24 <c>invalid_onion_blinding</c>: an error inside a blinded route; carries sha256_of_onion.</summary>
    InvalidOnionBlinding = FailureFlags.BadOnion | FailureFlags.Perm | 24,
}
