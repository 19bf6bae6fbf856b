namespace LnRelay.Sphinx.Blinding;

/// <summary>
/// Why a hop inside a blinded path refused an HTLC, one value per cause. Every one is
/// answered with <c>invalid_onion_blinding</c> (0xC018, BOLT 4 "Failure Messages"), so the
/// payer cannot tell them apart; the precise reason is for the node's own log.
/// </summary>
public enum BlindingFailureReason
{
    /// <summary>Not refused.</summary>
    None,

    /// <summary>The onion itself failed (version, ephemeral key, HMAC, replay); the onion's own refusal says which.</summary>
    OnionRefused,

    /// <summary><c>update_add_htlc</c>'s <c>path_key</c> is not a valid point.</summary>
    InvalidPathKey,

    /// <summary>A path key came in <c>update_add_htlc</c> AND as <c>current_path_key</c> in the payload.</summary>
    PathKeyInBothPlaces,

    /// <summary>The payload holds <c>encrypted_recipient_data</c> but no path key came from either place.</summary>
    PathKeyMissing,

    /// <summary>The payload is not a valid blinded hop payload (stream, forbidden or missing type).</summary>
    InvalidPayload,

    /// <summary>The blob does not decrypt with this hop's rho (tampered, or a wrong path key).</summary>
    UndecryptableRecipientData,

    /// <summary>The decrypted blob is not a valid <c>encrypted_data_tlv</c> stream (or holds an unknown even type).</summary>
    InvalidRecipientData,

    /// <summary><c>allowed_features</c> has a bit set: none is defined for payments yet.</summary>
    UnknownFeature,

    /// <summary>Both <c>short_channel_id</c> and <c>next_node_id</c>.</summary>
    AmbiguousNextHop,

    /// <summary>A relay's blob has neither <c>short_channel_id</c> nor <c>next_node_id</c>.</summary>
    MissingNextHop,

    /// <summary>A relay's blob has no <c>payment_relay</c>.</summary>
    MissingPaymentRelay,

    /// <summary>The incoming <c>cltv_expiry</c> is above <c>payment_constraints.max_cltv_expiry</c>.</summary>
    ExpiryAboveMaximum,

    /// <summary>The incoming amount is below <c>payment_constraints.htlc_minimum_msat</c>.</summary>
    AmountBelowMinimum,

    /// <summary>A relay's incoming amount is below its <c>fee_base_msat</c>, or the forward would not fit (overflow).</summary>
    AmountBelowFee,

    /// <summary>A relay's incoming expiry is not above its <c>cltv_expiry_delta</c>.</summary>
    ExpiryBelowDelta,
}
