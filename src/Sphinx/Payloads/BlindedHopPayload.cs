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
/// any other record, unknown odd ones included, is refused.
/// </summary>
public sealed class BlindedHopPayload
{
    private readonly byte[] _encryptedRecipientData;

    /// <summary>A payload for a blinded relay (or the introduction node, with <paramref name="currentPathKey"/>).</summary>
    public BlindedHopPayload(ReadOnlySpan<byte> encryptedRecipientData, PublicKey? currentPathKey = null)
    {
        _encryptedRecipientData = encryptedRecipientData.ToArray();
        CurrentPathKey = currentPathKey;
    }

    /// <summary>A payload for the final hop of a blinded path.</summary>
    public BlindedHopPayload(ReadOnlySpan<byte> encryptedRecipientData, ulong amountToForwardMsat, uint outgoingCltvValue, ulong totalAmountMsat, PublicKey? currentPathKey = null)
        : this(encryptedRecipientData, currentPathKey)
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

        return writer.ToArray();
    }

    /// <summary>
    /// Parses a decrypted payload as a blinded hop's. <paramref name="isFinal"/> comes from the
    /// onion (the all-zero next HMAC). Relay: only 10 and 12 allowed. Final: only 2, 4, 10, 12,
    /// 18 allowed, and 2, 4, 18 required. Type 10 is always required.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> tlvStream, bool isFinal, [NotNullWhen(true)] out BlindedHopPayload? payload, out HopPayloadError error)
    {
        payload = null;
        error = default;
        byte[]? blob = null;
        PublicKey? pathKey = null;
        ulong? amount = null, total = null;
        uint? cltv = null;
        var reader = new TlvReader(tlvStream, HopPayloadTypes.Known);
        while (reader.TryRead(out var record))
        {
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
            : null;
        if (missing is { } type)
        {
            error = new HopPayloadError(HopPayloadErrorReason.MissingRequiredType, type, 0);
            return false;
        }

        payload = isFinal
            ? new BlindedHopPayload(blob, amount!.Value, cltv!.Value, total!.Value, pathKey)
            : new BlindedHopPayload(blob, pathKey);
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
