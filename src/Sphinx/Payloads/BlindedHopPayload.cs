using System.Diagnostics.CodeAnalysis;
using LnRelay.Crypto;
using LnRelay.Wire;

namespace LnRelay.Sphinx.Payloads;

/// <summary>
/// The onion payload of a hop inside a blinded path (BOLT 4 "<c>payload</c> format"):
/// type 10 <c>encrypted_recipient_data</c> always; type 12 <c>current_path_key</c> at the
/// introduction node only; at the final hop also 2 <c>amt_to_forward</c>, 4
/// <c>outgoing_cltv_value</c> and 18 <c>total_amount_msat</c>, which are the only amounts a
/// payer may set inside the path (relays compute theirs from the blob's
/// <c>payment_relay</c>). The reader applies the spec's "only these types" rules strictly:
/// any other record, unknown odd ones included, is refused, with one lnrelay-experimental
/// exception (docs/ptlc.md "Through blinded paths"): in the onion of a point-locked HTLC, a relay's
/// payload may carry <c>ptlc_tweak</c> (71324) and the final hop's <c>ptlc_tweak_sum</c> (71326).
/// </summary>
public sealed class BlindedHopPayload
{
    private readonly byte[] _encryptedRecipientData;

    /// <summary>A payload for a blinded relay (or the introduction node, with <paramref name="currentPathKey"/>); <paramref name="ptlcTweak"/> its y_i in a point-locked payment.</summary>
    public BlindedHopPayload(ReadOnlySpan<byte> encryptedRecipientData, PublicKey? currentPathKey = null, byte[]? ptlcTweak = null)
    {
        _encryptedRecipientData = encryptedRecipientData.ToArray();
        CurrentPathKey = currentPathKey;
        PtlcScalar = ptlcTweak is null ? null : Scalar(ptlcTweak);
    }

    /// <summary>A payload for the final hop of a blinded path; <paramref name="ptlcTweakSum"/> its Σy in a point-locked payment.</summary>
    public BlindedHopPayload(ReadOnlySpan<byte> encryptedRecipientData, ulong amountToForwardMsat, uint outgoingCltvValue, ulong totalAmountMsat, PublicKey? currentPathKey = null, byte[]? ptlcTweakSum = null)
        : this(encryptedRecipientData, currentPathKey, ptlcTweakSum)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(amountToForwardMsat, HopPayloadTypes.MaxMsat);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(totalAmountMsat, HopPayloadTypes.MaxMsat);
        AmountToForwardMsat = amountToForwardMsat;
        OutgoingCltvValue = outgoingCltvValue;
        TotalAmountMsat = totalAmountMsat;
    }

    /// <summary>Type 10: the blob the hop decrypts with its rho.</summary>
    public ReadOnlySpan<byte> EncryptedRecipientData => _encryptedRecipientData;

    /// <summary>Type 12: E_0, present only in the introduction node's payload.</summary>
    public PublicKey? CurrentPathKey { get; }

    /// <summary>Type 2 (final hop only).</summary>
    public ulong? AmountToForwardMsat { get; }

    /// <summary>Type 4 (final hop only).</summary>
    public uint? OutgoingCltvValue { get; }

    /// <summary>Type 18 (final hop only): the whole payment's amount, for multi-part payments.</summary>
    public ulong? TotalAmountMsat { get; }

    /// <summary>
    /// lnrelay-experimental: a relay's <c>ptlc_tweak</c> y_i, or the final hop's <c>ptlc_tweak_sum</c> Σy
    /// (docs/ptlc.md); null in a hash-locked payment.
    /// </summary>
    public byte[]? PtlcScalar { get; }

    /// <summary>True for the final hop's shape (2, 4 and 18 present).</summary>
    public bool IsFinal => TotalAmountMsat is not null;

    /// <summary>The payload as a TLV stream (what the onion's length prefix counts).</summary>
    public byte[] Encode()
    {
        var writer = new TlvWriter();
        if (AmountToForwardMsat is { } amount)
        {
            writer.WriteTu64(HopPayloadTypes.AmountToForward, amount);
            writer.WriteTu32(HopPayloadTypes.OutgoingCltvValue, OutgoingCltvValue!.Value);
        }

        writer.Write(HopPayloadTypes.EncryptedRecipientData, _encryptedRecipientData);
        if (CurrentPathKey is { } key)
        {
            writer.Write(HopPayloadTypes.CurrentPathKey, key.ToBytes());
        }

        if (TotalAmountMsat is { } total)
        {
            writer.WriteTu64(HopPayloadTypes.TotalAmountMsat, total);
        }

        if (PtlcScalar is { } scalar)
        {
            writer.Write(IsFinal ? HopPayloadTypes.PtlcTweakSum : HopPayloadTypes.PtlcTweak, scalar);
        }

        return writer.ToArray();
    }

    private static byte[] Scalar(byte[] value)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(value.Length, HopPayloadTypes.PtlcScalarSize);
        return [.. value];
    }

    /// <summary>
    /// Parses a decrypted payload as a blinded hop's. <paramref name="isFinal"/> comes from the
    /// onion (the all-zero next HMAC). Relay: only 10 and 12 allowed. Final: only 2, 4, 10, 12,
    /// 18 allowed, and 2, 4, 18 required. Type 10 is always required. With
    /// <paramref name="pointLocked"/> (the HTLC is point-locked), 71324 is allowed at a relay and
    /// 71326 at the final hop, and one of them required (docs/ptlc.md "Through blinded paths").
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> tlvStream, bool isFinal, [NotNullWhen(true)] out BlindedHopPayload? payload, out HopPayloadError error, bool pointLocked = false)
    {
        payload = null;
        error = default;
        byte[]? scalar = null;
        byte[]? blob = null;
        PublicKey? pathKey = null;
        ulong? amount = null, total = null;
        uint? cltv = null;
        var reader = new TlvReader(tlvStream, HopPayloadTypes.Known);
        while (reader.TryRead(out var record))
        {
            if (pointLocked && record.Type == (isFinal ? HopPayloadTypes.PtlcTweakSum : HopPayloadTypes.PtlcTweak))
            {
                if (!TryReadScalar(record, out scalar, out error))
                {
                    return false;
                }

                continue;
            }

            if (!TryReadRecord(record, isFinal, ref blob, ref pathKey, ref amount, ref cltv, ref total, out error))
            {
                return false;
            }
        }

        if (reader.Failure is { } failure)
        {
            error = HopPayloadError.FromTlv(failure);
            return false;
        }

        ulong? missing = blob is null ? HopPayloadTypes.EncryptedRecipientData
            : isFinal && amount is null ? HopPayloadTypes.AmountToForward
            : isFinal && cltv is null ? HopPayloadTypes.OutgoingCltvValue
            : isFinal && total is null ? HopPayloadTypes.TotalAmountMsat
            : pointLocked && scalar is null ? (isFinal ? HopPayloadTypes.PtlcTweakSum : HopPayloadTypes.PtlcTweak)
            : null;
        if (missing is { } type)
        {
            error = new HopPayloadError(HopPayloadErrorReason.MissingRequiredType, type, 0);
            return false;
        }

        payload = isFinal
            ? new BlindedHopPayload(blob, amount!.Value, cltv!.Value, total!.Value, pathKey, scalar)
            : new BlindedHopPayload(blob, pathKey, scalar);
        return true;
    }

    /// <summary>A 32-byte scalar, not zero and below the group order (as the clear payload reader checks it).</summary>
    private static bool TryReadScalar(TlvRecord record, out byte[]? scalar, out HopPayloadError error)
    {
        scalar = null;
        error = default;
        if (!record.TryGetFixed(HopPayloadTypes.PtlcScalarSize, out ReadOnlySpan<byte> value, out var failure))
        {
            error = HopPayloadError.FromTlv(failure);
            return false;
        }

        if (!Crypto.Secp256k1.IsValidSecret(value))
        {
            error = HopPayloadError.FromTlv(record.Fail(TlvFailureReason.InvalidValue));
            return false;
        }

        scalar = value.ToArray();
        return true;
    }

    private static bool TryReadRecord(
        TlvRecord record,
        bool isFinal,
        ref byte[]? blob,
        ref PublicKey? pathKey,
        ref ulong? amount,
        ref uint? cltv,
        ref ulong? total,
        out HopPayloadError error)
    {
        error = default;
        TlvFailure failure;
        switch (record.Type)
        {
            case HopPayloadTypes.EncryptedRecipientData:
                blob = record.Value.ToArray();
                return true;
            case HopPayloadTypes.CurrentPathKey:
                if (!record.TryGetFixed(KeySizes.CompressedPublicKey, out var point, out failure))
                {
                    break;
                }

                if (!PublicKey.TryParse(point, out var key))
                {
                    failure = record.Fail(TlvFailureReason.InvalidValue);
                    break;
                }

                pathKey = key;
                return true;
            case HopPayloadTypes.AmountToForward when isFinal:
            case HopPayloadTypes.TotalAmountMsat when isFinal:
                if (!record.TryGetTu64(out var msat, out failure))
                {
                    break;
                }

                if (msat > HopPayloadTypes.MaxMsat)
                {
                    error = new HopPayloadError(HopPayloadErrorReason.AmountAboveCeiling, record.Type, record.Offset);
                    return false;
                }

                if (record.Type == HopPayloadTypes.AmountToForward)
                {
                    amount = msat;
                }
                else
                {
                    total = msat;
                }

                return true;
            case HopPayloadTypes.OutgoingCltvValue when isFinal:
                if (!record.TryGetTu32(out var value, out failure))
                {
                    break;
                }

                cltv = value;
                return true;
            default:
                // Inside a blinded path the payer may set nothing else (BOLT 4 "payload format",
                // requirements): no scid, no payment_data, not even an unknown odd record.
                error = new HopPayloadError(HopPayloadErrorReason.ForbiddenType, record.Type, record.Offset);
                return false;
        }

        error = HopPayloadError.FromTlv(failure);
        return false;
    }
}
