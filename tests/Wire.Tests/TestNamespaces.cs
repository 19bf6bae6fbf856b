using LnRelay.Crypto;

namespace LnRelay.Wire.Tests;

/// <summary>
/// The two test namespaces of BOLT 1 Appendix B, decoded with <see cref="TlvReader"/> and the
/// <see cref="TlvRecord"/> helpers, into "name.field" -> value text (the shape of the JSON's "decoded").
/// </summary>
internal static class TestNamespaces
{
    private static readonly ulong[] N1Types = [1, 2, 3, 254];
    private static readonly ulong[] N2Types = [0, 11];

    public static bool TryDecode(string ns, ReadOnlySpan<byte> stream, out Dictionary<string, string> decoded, out TlvFailure failure)
    {
        decoded = [];
        failure = default;
        var reader = new TlvReader(stream, ns == "n1" ? N1Types : N2Types);
        while (reader.TryRead(out TlvRecord record))
        {
            if (!record.IsKnown)
            {
                continue;
            }

            bool ok = ns == "n1" ? DecodeN1(record, decoded, out failure) : DecodeN2(record, decoded, out failure);
            if (!ok)
            {
                return false;
            }
        }

        if (reader.Failure is { } f)
        {
            failure = f;
            return false;
        }

        return true;
    }

    private static bool DecodeN1(TlvRecord record, Dictionary<string, string> decoded, out TlvFailure failure)
    {
        switch (record.Type)
        {
            case 1:
                if (!record.TryGetTu64(out ulong amount, out failure))
                {
                    return false;
                }

                decoded["tlv1.amount_msat"] = amount.ToString();
                return true;
            case 2:
                if (!record.TryGetU64(out ulong scid, out failure))
                {
                    return false;
                }

                decoded["tlv2.scid"] = $"{scid >> 40}x{(scid >> 16) & 0xffffff}x{scid & 0xffff}";
                return true;
            case 3:
                const int PointSize = KeySizes.CompressedPublicKey;
                if (!record.TryGetFixed(PointSize + 16, out ReadOnlySpan<byte> value, out failure))
                {
                    return false;
                }

                if (!PublicKey.TryParse(value[..PointSize], out _))
                {
                    failure = record.Fail(TlvFailureReason.InvalidValue);
                    return false;
                }

                decoded["tlv3.node_id"] = Convert.ToHexStringLower(value[..PointSize]);
                decoded["tlv3.amount_msat_1"] = System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(value[PointSize..]).ToString();
                decoded["tlv3.amount_msat_2"] = System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(value[(PointSize + 8)..]).ToString();
                return true;
            default:
                if (!record.TryGetU16(out ushort delta, out failure))
                {
                    return false;
                }

                decoded["tlv4.cltv_delta"] = delta.ToString();
                return true;
        }
    }

    private static bool DecodeN2(TlvRecord record, Dictionary<string, string> decoded, out TlvFailure failure)
    {
        if (record.Type == 0)
        {
            if (!record.TryGetTu64(out ulong amount, out failure))
            {
                return false;
            }

            decoded["tlv1.amount_msat"] = amount.ToString();
            return true;
        }

        if (!record.TryGetTu32(out uint expiry, out failure))
        {
            return false;
        }

        decoded["tlv2.cltv_expiry"] = expiry.ToString();
        return true;
    }
}
