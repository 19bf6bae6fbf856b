namespace LnRelay.Sphinx.Blinding;

/// <summary>
/// TLV types of <c>encrypted_data_tlv</c>, the plaintext of a blinded hop's
/// <c>encrypted_recipient_data</c> (BOLT 4 "Inside <c>encrypted_recipient_data</c>:
/// <c>encrypted_data_tlv</c>").
/// </summary>
public static class RecipientDataTypes
{
    /// <summary><c>padding</c>: zero bytes that give every blob of a path one length.</summary>
    public const ulong Padding = 1;

    /// <summary><c>short_channel_id</c>: 8 bytes, the channel to forward on.</summary>
    public const ulong ShortChannelId = 2;

    /// <summary><c>next_node_id</c>: a 33-byte point, the node to forward to.</summary>
    public const ulong NextNodeId = 4;

    /// <summary><c>path_id</c>: the recipient's own context, to recognise its path.</summary>
    public const ulong PathId = 6;

    /// <summary><c>next_path_key_override</c>: a point forwarded instead of the computed next path key.</summary>
    public const ulong NextPathKeyOverride = 8;

    /// <summary><c>payment_relay</c>: u16 cltv_expiry_delta, u32 fee_proportional_millionths, tu32 fee_base_msat.</summary>
    public const ulong PaymentRelay = 10;

    /// <summary><c>payment_constraints</c>: u32 max_cltv_expiry, tu64 htlc_minimum_msat.</summary>
    public const ulong PaymentConstraints = 12;

    /// <summary><c>allowed_features</c>: a feature bitmap; no bit is defined yet, so it must be empty.</summary>
    public const ulong AllowedFeatures = 14;

    /// <summary>Every type the reader knows; another even type is refused ("it's OK to be odd").</summary>
    internal static ReadOnlySpan<ulong> Known =>
        [Padding, ShortChannelId, NextNodeId, PathId, NextPathKeyOverride, PaymentRelay, PaymentConstraints, AllowedFeatures];
}
