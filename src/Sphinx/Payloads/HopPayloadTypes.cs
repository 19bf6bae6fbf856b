namespace LnRelay.Sphinx.Payloads;

/// <summary>
/// TLV types of the BOLT 4 hop payload ("<c>payload</c> format"), and the limits a reader applies.
/// </summary>
public static class HopPayloadTypes
{
    /// <summary><c>amt_to_forward</c>, tu64 msat.</summary>
    public const ulong AmountToForward = 2;

    /// <summary><c>outgoing_cltv_value</c>, tu32.</summary>
    public const ulong OutgoingCltvValue = 4;

    /// <summary><c>short_channel_id</c>, 8 bytes; relays only.</summary>
    public const ulong ShortChannelId = 6;

    /// <summary><c>payment_data</c>: 32-byte payment_secret then tu64 total_msat; final hop only.</summary>
    public const ulong PaymentData = 8;

    /// <summary><c>encrypted_recipient_data</c>: a blinded hop's blob (read by <see cref="BlindedHopPayload"/>; refused by the clear readers).</summary>
    public const ulong EncryptedRecipientData = 10;

    /// <summary><c>current_path_key</c>: E_0, in the introduction node's payload (see <see cref="BlindedHopPayload"/>).</summary>
    public const ulong CurrentPathKey = 12;

    /// <summary><c>payment_metadata</c>, raw bytes; final hop only.</summary>
    public const ulong PaymentMetadata = 16;

    /// <summary><c>total_amount_msat</c>: the final hop of a blinded path's total (see <see cref="BlindedHopPayload"/>).</summary>
    public const ulong TotalAmountMsat = 18;

    /// <summary>
    /// lnrelay-experimental <c>ptlc_tweak</c>: a relay's 32-byte scalar y_i of a point-locked
    /// payment (docs/ptlc.md). A custom record (BOLT 1 "Type-Length-Value Format": types of
    /// 2^16 and above) and even, so a reader that does not know it refuses the payload
    /// (<c>invalid_onion_payload</c>) instead of forwarding as if it were absent.
    /// </summary>
    public const ulong PtlcTweak = 71324;

    /// <summary>lnrelay-experimental <c>ptlc_tweak_sum</c>: the recipient's 32-byte Σy (docs/ptlc.md); even, like <see cref="PtlcTweak"/>.</summary>
    public const ulong PtlcTweakSum = 71326;

    /// <summary>Size of a point-lock scalar (<see cref="PtlcTweak"/>, <see cref="PtlcTweakSum"/>).</summary>
    public const int PtlcScalarSize = 32;

    /// <summary>Size of the <c>payment_secret</c> at the start of <c>payment_data</c>.</summary>
    public const int PaymentSecretSize = 32;

    /// <summary>
    /// Payload lengths 0 (the retired fixed-size "realm 0" hop data) and 1 are reserved and
    /// refused (BOLT 4 "Packet Structure", requirements), so a payload is at least 2 bytes.
    /// </summary>
    public const int MinimumPayloadLength = 2;

    /// <summary>BOLT 1 ceiling for msat amounts (21 million BTC): larger values are invalid.</summary>
    public const ulong MaxMsat = 0x1d24b2dfac520000;

    /// <summary>Every type a hop payload reader recognises; any other even type is refused.</summary>
    internal static ReadOnlySpan<ulong> Known =>
        [AmountToForward, OutgoingCltvValue, ShortChannelId, PaymentData, EncryptedRecipientData, CurrentPathKey, PaymentMetadata, TotalAmountMsat, PtlcTweak, PtlcTweakSum];

    internal static bool IsRouteBlinding(ulong type) =>
        type is EncryptedRecipientData or CurrentPathKey or TotalAmountMsat;
}
