using System.Buffers.Binary;
using LnRelay.Wire;

namespace LnRelay.Sphinx.Blinding;

/// <summary>
/// <c>payment_relay</c> (BOLT 4 <c>encrypted_data_tlv</c> type 10): how a blinded relay
/// computes what it forwards. On the wire: u16 <c>cltv_expiry_delta</c>, u32
/// <c>fee_proportional_millionths</c>, then tu32 <c>fee_base_msat</c> LAST, so the record
/// is 6 to 10 bytes (a zero base fee is the empty tu32).
/// </summary>
public readonly record struct PaymentRelay(ushort CltvExpiryDelta, uint FeeProportionalMillionths, uint FeeBaseMsat)
{
    private const int DeltaSize = sizeof(ushort);
    private const int FixedSize = DeltaSize + sizeof(uint);

    /// <summary>The longest encoding (base fee as a full 4-byte tu32).</summary>
    public const int MaxSize = FixedSize + sizeof(uint);

    /// <summary>Writes the record's value; returns its length.</summary>
    public int Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination, CltvExpiryDelta);
        BinaryPrimitives.WriteUInt32BigEndian(destination[DeltaSize..], FeeProportionalMillionths);
        return FixedSize + TruncatedInt.Write(FeeBaseMsat, destination[FixedSize..]);
    }

    /// <summary>Reads the record's value; a failure names the reason (the caller adds type and offset).</summary>
    public static bool TryRead(ReadOnlySpan<byte> value, out PaymentRelay relay, out TlvFailureReason reason)
    {
        relay = default;
        reason = default;
        if (value.Length < FixedSize)
        {
            reason = TlvFailureReason.ValueTooShort;
            return false;
        }

        var status = TruncatedInt.TryReadTu32(value[FixedSize..], out var baseFee);
        if (status != TruncatedIntReadStatus.Ok)
        {
            reason = status == TruncatedIntReadStatus.TooLong ? TlvFailureReason.ValueTooLong : TlvFailureReason.TruncatedIntNotMinimal;
            return false;
        }

        relay = new PaymentRelay(
            BinaryPrimitives.ReadUInt16BigEndian(value),
            BinaryPrimitives.ReadUInt32BigEndian(value[DeltaSize..]),
            baseFee);
        return true;
    }
}
