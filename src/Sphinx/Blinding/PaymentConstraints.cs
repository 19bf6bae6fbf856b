using System.Buffers.Binary;
using LnRelay.Wire;

namespace LnRelay.Sphinx.Blinding;

/// <summary>
/// <c>payment_constraints</c> (BOLT 4 <c>encrypted_data_tlv</c> type 12): limits the
/// recipient sets so the path cannot be probed or used outside what it meant. On the wire:
/// u32 <c>max_cltv_expiry</c>, then tu64 <c>htlc_minimum_msat</c> (4 to 12 bytes).
/// </summary>
public readonly record struct PaymentConstraints(uint MaxCltvExpiry, ulong HtlcMinimumMsat)
{
    private const int FixedSize = sizeof(uint);

    /// <summary>The longest encoding.</summary>
    public const int MaxSize = FixedSize + sizeof(ulong);

    /// <summary>Writes the record's value; returns its length.</summary>
    public int Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt32BigEndian(destination, MaxCltvExpiry);
        return FixedSize + TruncatedInt.Write(HtlcMinimumMsat, destination[FixedSize..]);
    }

    /// <summary>Reads the record's value; a failure names the reason (the caller adds type and offset).</summary>
    public static bool TryRead(ReadOnlySpan<byte> value, out PaymentConstraints constraints, out TlvFailureReason reason)
    {
        constraints = default;
        reason = default;
        if (value.Length < FixedSize)
        {
            reason = TlvFailureReason.ValueTooShort;
            return false;
        }

        var status = TruncatedInt.TryReadTu64(value[FixedSize..], out var minimum);
        if (status != TruncatedIntReadStatus.Ok)
        {
            reason = status == TruncatedIntReadStatus.TooLong ? TlvFailureReason.ValueTooLong : TlvFailureReason.TruncatedIntNotMinimal;
            return false;
        }

        constraints = new PaymentConstraints(BinaryPrimitives.ReadUInt32BigEndian(value), minimum);
        return true;
    }
}
