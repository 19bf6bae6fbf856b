using LnRelay.Crypto;
using LnRelay.Wire;

namespace LnRelay.Sphinx.Failures;

/// <summary>
/// A BOLT 4 <c>failuremsg</c>: <c>u16 failure_code || data || optional TLV stream</c>
/// ("Failure Messages"). Built by the erring node with one factory per code, encoded with
/// <see cref="Encode"/>, read back with <see cref="TryDecode"/>. Which data properties are set
/// depends on <see cref="FailureDataLayouts.Of"/>(<see cref="Code"/>); the others are null.
/// </summary>
public sealed class FailureMessage
{
    /// <summary>Size of <c>sha256_of_onion</c>.</summary>
    public const int Sha256OfOnionSize = KeySizes.Hash;

    private readonly byte[]? _sha256OfOnion;
    private readonly byte[]? _channelUpdate;
    private readonly byte[]? _unparsedData;

    internal FailureMessage(
        FailureCode code,
        ulong? htlcMsat = null,
        uint? cltvExpiry = null,
        uint? height = null,
        ushort? disabledFlags = null,
        ReadOnlySpan<byte> sha256OfOnion = default,
        byte[]? channelUpdate = null,
        ulong? payloadType = null,
        ushort? payloadOffset = null,
        IReadOnlyList<TlvRecordData>? extension = null,
        byte[]? unparsedData = null)
    {
        Code = code;
        HtlcMsat = htlcMsat;
        CltvExpiry = cltvExpiry;
        Height = height;
        DisabledFlags = disabledFlags;
        if (!sha256OfOnion.IsEmpty)
        {
            if (sha256OfOnion.Length != Sha256OfOnionSize)
            {
                throw new ArgumentException($"sha256_of_onion is {Sha256OfOnionSize} bytes.", nameof(sha256OfOnion));
            }

            _sha256OfOnion = sha256OfOnion.ToArray();
        }

        _channelUpdate = channelUpdate?.ToArray();
        PayloadType = payloadType;
        PayloadOffset = payloadOffset;
        Extension = extension ?? [];
        _unparsedData = unparsedData;
    }

    public FailureCode Code { get; }

    /// <summary>htlc_msat (amount_below_minimum: outgoing; fee_insufficient: incoming; incorrect_or_unknown_payment_details: received) or final_incorrect_htlc_amount's incoming_htlc_amt.</summary>
    public ulong? HtlcMsat { get; }

    /// <summary>cltv_expiry of incorrect_cltv_expiry and final_incorrect_cltv_expiry.</summary>
    public uint? CltvExpiry { get; }

    /// <summary>The payee's block height in incorrect_or_unknown_payment_details.</summary>
    public uint? Height { get; }

    /// <summary>channel_disabled's disabled_flags (0 today).</summary>
    public ushort? DisabledFlags { get; }

    /// <summary>sha256_of_onion of the BADONION codes.</summary>
    public byte[]? Sha256OfOnion => _sha256OfOnion?.ToArray();

    /// <summary>
    /// The channel_update of UPDATE codes WITHOUT its 0x0102 message-type prefix; null when
    /// omitted (<c>len = 0</c>). On the wire it is written with the prefix; read either way.
    /// </summary>
    public byte[]? ChannelUpdate => _channelUpdate?.ToArray();

    /// <summary>invalid_onion_payload's TLV type at fault.</summary>
    public ulong? PayloadType { get; }

    /// <summary>invalid_onion_payload's byte offset of that type in the decrypted payload.</summary>
    public ushort? PayloadOffset { get; }

    /// <summary>The trailing TLV stream's records (empty when absent).</summary>
    public IReadOnlyList<TlvRecordData> Extension { get; }

    /// <summary>For a code this library does not list: every byte after the code, unparsed.</summary>
    public byte[]? UnparsedData => _unparsedData?.ToArray();

    internal ReadOnlySpan<byte> Sha256OfOnionSpan => _sha256OfOnion;

    internal ReadOnlySpan<byte> ChannelUpdateSpan => _channelUpdate;

    internal ReadOnlySpan<byte> UnparsedDataSpan => _unparsedData;

    /// <summary>A code without data (temporary_node_failure, unknown_next_peer, expiry_too_far, mpp_timeout, ...).</summary>
    public static FailureMessage Create(FailureCode code, IReadOnlyList<TlvRecordData>? extension = null)
    {
        if (FailureDataLayouts.Of(code) != FailureDataLayout.None || !code.IsKnown())
        {
            throw new ArgumentException($"{code.SpecName()} carries data: use its own factory.", nameof(code));
        }

        return new FailureMessage(code, extension: extension);
    }

    /// <summary>A BADONION code with sha256_of_onion (invalid_onion_version/hmac/key/blinding).</summary>
    public static FailureMessage BadOnion(FailureCode code, ReadOnlySpan<byte> sha256OfOnion)
    {
        if (FailureDataLayouts.Of(code) != FailureDataLayout.Sha256OfOnion)
        {
            throw new ArgumentException($"{code.SpecName()} is not a BADONION code.", nameof(code));
        }

        if (sha256OfOnion.Length != Sha256OfOnionSize)
        {
            throw new ArgumentException($"sha256_of_onion is {Sha256OfOnionSize} bytes.", nameof(sha256OfOnion));
        }

        return new FailureMessage(code, sha256OfOnion: sha256OfOnion);
    }

    public static FailureMessage TemporaryChannelFailure(byte[]? channelUpdate = null) =>
        new(FailureCode.TemporaryChannelFailure, channelUpdate: channelUpdate);

    public static FailureMessage ExpiryTooSoon(byte[]? channelUpdate = null) =>
        new(FailureCode.ExpiryTooSoon, channelUpdate: channelUpdate);

    /// <summary>amount_below_minimum with the OUTGOING HTLC's amount.</summary>
    public static FailureMessage AmountBelowMinimum(ulong outgoingHtlcMsat, byte[]? channelUpdate = null) =>
        new(FailureCode.AmountBelowMinimum, htlcMsat: outgoingHtlcMsat, channelUpdate: channelUpdate);

    /// <summary>fee_insufficient with the INCOMING HTLC's amount.</summary>
    public static FailureMessage FeeInsufficient(ulong incomingHtlcMsat, byte[]? channelUpdate = null) =>
        new(FailureCode.FeeInsufficient, htlcMsat: incomingHtlcMsat, channelUpdate: channelUpdate);

    public static FailureMessage IncorrectCltvExpiry(uint cltvExpiry, byte[]? channelUpdate = null) =>
        new(FailureCode.IncorrectCltvExpiry, cltvExpiry: cltvExpiry, channelUpdate: channelUpdate);

    public static FailureMessage ChannelDisabled(ushort disabledFlags = 0, byte[]? channelUpdate = null) =>
        new(FailureCode.ChannelDisabled, disabledFlags: disabledFlags, channelUpdate: channelUpdate);

    public static FailureMessage IncorrectOrUnknownPaymentDetails(ulong htlcMsat, uint height, IReadOnlyList<TlvRecordData>? extension = null) =>
        new(FailureCode.IncorrectOrUnknownPaymentDetails, htlcMsat: htlcMsat, height: height, extension: extension);

    public static FailureMessage FinalIncorrectCltvExpiry(uint cltvExpiry) =>
        new(FailureCode.FinalIncorrectCltvExpiry, cltvExpiry: cltvExpiry);

    public static FailureMessage FinalIncorrectHtlcAmount(ulong incomingHtlcMsat) =>
        new(FailureCode.FinalIncorrectHtlcAmount, htlcMsat: incomingHtlcMsat);

    public static FailureMessage InvalidOnionPayload(ulong type, ushort offset) =>
        new(FailureCode.InvalidOnionPayload, payloadType: type, payloadOffset: offset);

    /// <summary>The failuremsg bytes.</summary>
    public byte[] Encode() => FailureMessageCodec.Encode(this);

    /// <summary>Reads a failuremsg; truncated or garbage input is a declared <paramref name="error"/>, never an exception.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> bytes, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out FailureMessage? message, out FailureMessageDecodeError error) =>
        FailureMessageCodec.TryDecode(bytes, out message, out error);

    public override string ToString() => Code.SpecName();
}
