using System.Buffers.Binary;

namespace LnRelay.Wire;

/// <summary>
/// One record of a TLV stream as the reader found it: type, value (a slice of the input),
/// where the record starts, and whether the caller declared the type known.
/// The Try... helpers decode the value as a BOLT 1 fundamental type and report a
/// <see cref="TlvFailure"/> pointing at this record when it does not fit.
/// </summary>
public readonly ref struct TlvRecord
{
    public TlvRecord(ulong type, ReadOnlySpan<byte> value, int offset, bool isKnown)
    {
        Type = type;
        Value = value;
        Offset = offset;
        IsKnown = isKnown;
    }

    /// <summary>The record's type.</summary>
    public ulong Type { get; }

    /// <summary>The record's value bytes (a slice of the stream being read).</summary>
    public ReadOnlySpan<byte> Value { get; }

    /// <summary>Offset of the record's first byte (its type), counted from the reader's base offset.</summary>
    public int Offset { get; }

    /// <summary>True when the type is one the caller listed as known; false for an unknown odd type.</summary>
    public bool IsKnown { get; }

    /// <summary>Copies this record for keeping (e.g. unknown odd records carried along).</summary>
    public TlvRecordData ToData() => new(Type, Value.ToArray());

    /// <summary>A failure at this record.</summary>
    public TlvFailure Fail(TlvFailureReason reason) => new(reason, Type, Offset);

    /// <summary>Reads the value as exactly <paramref name="size"/> bytes.</summary>
    public bool TryGetFixed(int size, out ReadOnlySpan<byte> value, out TlvFailure failure)
    {
        value = default;
        failure = default;
        if (Value.Length != size)
        {
            failure = Fail(Value.Length < size ? TlvFailureReason.ValueTooShort : TlvFailureReason.ValueTooLong);
            return false;
        }

        value = Value;
        return true;
    }

    /// <summary>Reads the value as a u16.</summary>
    public bool TryGetU16(out ushort value, out TlvFailure failure)
    {
        value = 0;
        if (!TryGetFixed(sizeof(ushort), out ReadOnlySpan<byte> bytes, out failure))
        {
            return false;
        }

        value = BinaryPrimitives.ReadUInt16BigEndian(bytes);
        return true;
    }

    /// <summary>Reads the value as a u64.</summary>
    public bool TryGetU64(out ulong value, out TlvFailure failure)
    {
        value = 0;
        if (!TryGetFixed(sizeof(ulong), out ReadOnlySpan<byte> bytes, out failure))
        {
            return false;
        }

        value = BinaryPrimitives.ReadUInt64BigEndian(bytes);
        return true;
    }

    /// <summary>Reads the value as a tu64.</summary>
    public bool TryGetTu64(out ulong value, out TlvFailure failure) =>
        Check(TruncatedInt.TryReadTu64(Value, out value), out failure);

    /// <summary>Reads the value as a tu32.</summary>
    public bool TryGetTu32(out uint value, out TlvFailure failure) =>
        Check(TruncatedInt.TryReadTu32(Value, out value), out failure);

    /// <summary>Reads the value as a tu16.</summary>
    public bool TryGetTu16(out ushort value, out TlvFailure failure) =>
        Check(TruncatedInt.TryReadTu16(Value, out value), out failure);

    private bool Check(TruncatedIntReadStatus status, out TlvFailure failure)
    {
        failure = status switch
        {
            TruncatedIntReadStatus.Ok => default,
            TruncatedIntReadStatus.TooLong => Fail(TlvFailureReason.ValueTooLong),
            _ => Fail(TlvFailureReason.TruncatedIntNotMinimal),
        };
        return status == TruncatedIntReadStatus.Ok;
    }
}
