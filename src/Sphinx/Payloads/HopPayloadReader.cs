using LnRelay.Wire;

namespace LnRelay.Sphinx.Payloads;

/// <summary>
/// The hop payload reader rules (BOLT 4 "<c>payload</c> format", requirements):
/// a valid TLV stream without unknown even types; 2 and 4 required; 6 required at a relay and
/// refused at the final hop (it must not be asked to forward); 8 and 16 refused at a relay;
/// route-blinding types refused (not supported yet); msat amounts within the BOLT 1 ceiling.
/// The first failing check, in stream order, is the one reported; missing types come last.
/// </summary>
internal static class HopPayloadReader
{
    internal enum Role
    {
        Relay,
        Final,
    }

    internal ref struct Fields
    {
        public ulong Amount;
        public uint Cltv;
        public ShortChannelId ShortChannelId;
        public byte[]? PaymentSecret;
        public ulong? TotalMsat;
        public byte[]? PaymentMetadata;
        public List<TlvRecordData>? Unknown;
        public byte[]? PtlcScalar;
    }

    public static bool TryRead(ReadOnlySpan<byte> tlvStream, Role role, int baseOffset, out Fields fields, out HopPayloadError error)
    {
        fields = default;
        error = default;
        if (tlvStream.Length < HopPayloadTypes.MinimumPayloadLength)
        {
            error = new HopPayloadError(HopPayloadErrorReason.ReservedLength, 0, baseOffset);
            return false;
        }

        bool hasAmount = false, hasCltv = false, hasScid = false;
        var reader = new TlvReader(tlvStream, HopPayloadTypes.Known, baseOffset);
        while (reader.TryRead(out TlvRecord record))
        {
            if (!record.IsKnown)
            {
                (fields.Unknown ??= []).Add(record.ToData());
                continue;
            }

            if (!TryReadKnown(record, role, ref fields, out error))
            {
                return false;
            }

            hasAmount |= record.Type == HopPayloadTypes.AmountToForward;
            hasCltv |= record.Type == HopPayloadTypes.OutgoingCltvValue;
            hasScid |= record.Type == HopPayloadTypes.ShortChannelId;
        }

        if (reader.Failure is { } failure)
        {
            error = HopPayloadError.FromTlv(failure);
            return false;
        }

        // A missing type has no position of its own: report the start of the payload.
        ulong? missing = !hasAmount ? HopPayloadTypes.AmountToForward
            : !hasCltv ? HopPayloadTypes.OutgoingCltvValue
            : role == Role.Relay && !hasScid ? HopPayloadTypes.ShortChannelId
            : null;
        if (missing is { } type)
        {
            error = new HopPayloadError(HopPayloadErrorReason.MissingRequiredType, type, baseOffset);
            return false;
        }

        return true;
    }

    private static bool TryReadKnown(TlvRecord record, Role role, ref Fields fields, out HopPayloadError error)
    {
        error = default;
        TlvFailure failure;
        switch (record.Type)
        {
            case HopPayloadTypes.AmountToForward:
                if (!record.TryGetTu64(out fields.Amount, out failure))
                {
                    break;
                }

                return CheckAmount(record, fields.Amount, out error);
            case HopPayloadTypes.OutgoingCltvValue:
                if (!record.TryGetTu32(out fields.Cltv, out failure))
                {
                    break;
                }

                return true;
            case HopPayloadTypes.ShortChannelId:
                if (role == Role.Final)
                {
                    return Refuse(record, HopPayloadErrorReason.ForbiddenType, out error);
                }

                if (!record.TryGetFixed(ShortChannelId.Size, out ReadOnlySpan<byte> scid, out failure))
                {
                    break;
                }

                fields.ShortChannelId = ShortChannelId.Read(scid);
                return true;
            case HopPayloadTypes.PaymentData:
                return role == Role.Relay
                    ? Refuse(record, HopPayloadErrorReason.ForbiddenType, out error)
                    : TryReadPaymentData(record, ref fields, out error);
            case HopPayloadTypes.PaymentMetadata:
                if (role == Role.Relay)
                {
                    return Refuse(record, HopPayloadErrorReason.ForbiddenType, out error);
                }

                fields.PaymentMetadata = record.Value.ToArray();
                return true;
            case HopPayloadTypes.PtlcTweak:
            case HopPayloadTypes.PtlcTweakSum:
                // A relay carries its own y_i, the recipient the sum (docs/ptlc.md); each refuses the other's.
                if ((record.Type == HopPayloadTypes.PtlcTweak) != (role == Role.Relay))
                {
                    return Refuse(record, HopPayloadErrorReason.ForbiddenType, out error);
                }

                if (!record.TryGetFixed(HopPayloadTypes.PtlcScalarSize, out ReadOnlySpan<byte> scalar, out failure))
                {
                    break;
                }

                if (!LnRelay.Crypto.Secp256k1.IsValidSecret(scalar))
                {
                    // Zero or not below the group order: no lock can be derived from it.
                    failure = record.Fail(TlvFailureReason.InvalidValue);
                    break;
                }

                fields.PtlcScalar = scalar.ToArray();
                return true;
            default:
                return HopPayloadTypes.IsRouteBlinding(record.Type)
                    ? Refuse(record, HopPayloadErrorReason.RouteBlindingNotSupported, out error)
                    : throw new InvalidOperationException($"Known payload type {record.Type} has no reader.");
        }

        error = HopPayloadError.FromTlv(failure);
        return false;
    }

    private static bool TryReadPaymentData(TlvRecord record, ref Fields fields, out HopPayloadError error)
    {
        ReadOnlySpan<byte> value = record.Value;
        if (value.Length < HopPayloadTypes.PaymentSecretSize)
        {
            error = HopPayloadError.FromTlv(record.Fail(TlvFailureReason.ValueTooShort));
            return false;
        }

        TlvFailureReason? reason = TruncatedInt.TryReadTu64(value[HopPayloadTypes.PaymentSecretSize..], out ulong total) switch
        {
            TruncatedIntReadStatus.Ok => null,
            TruncatedIntReadStatus.TooLong => TlvFailureReason.ValueTooLong,
            _ => TlvFailureReason.TruncatedIntNotMinimal,
        };
        if (reason is { } r)
        {
            error = HopPayloadError.FromTlv(record.Fail(r));
            return false;
        }

        fields.PaymentSecret = value[..HopPayloadTypes.PaymentSecretSize].ToArray();
        fields.TotalMsat = total;
        return CheckAmount(record, total, out error);
    }

    private static bool CheckAmount(TlvRecord record, ulong msat, out HopPayloadError error)
    {
        error = default;
        return msat <= HopPayloadTypes.MaxMsat || Refuse(record, HopPayloadErrorReason.AmountAboveCeiling, out error);
    }

    private static bool Refuse(TlvRecord record, HopPayloadErrorReason reason, out HopPayloadError error)
    {
        error = new HopPayloadError(reason, record.Type, record.Offset);
        return false;
    }
}
