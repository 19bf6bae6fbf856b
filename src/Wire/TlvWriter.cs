using System.Buffers;

namespace LnRelay.Wire;

/// <summary>
/// Writes a TLV stream (BOLT 1, "Type-Length-Value Format", writer requirements): records in
/// strictly increasing type order, type and length as minimal BigSize. Writing a type that is
/// not above the previous one is a caller bug and throws.
/// </summary>
public sealed class TlvWriter
{
    private readonly ArrayBufferWriter<byte> _buffer;
    private ulong? _previousType;

    public TlvWriter(int initialCapacity = 64)
    {
        _buffer = new ArrayBufferWriter<byte>(Math.Max(1, initialCapacity));
    }

    /// <summary>The bytes written so far.</summary>
    public ReadOnlySpan<byte> WrittenSpan => _buffer.WrittenSpan;

    /// <summary>Bytes one record with a value of <paramref name="valueLength"/> bytes takes.</summary>
    public static int RecordSize(ulong type, int valueLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(valueLength);
        return checked(BigSize.SizeOf(type) + BigSize.SizeOf((ulong)valueLength) + valueLength);
    }

    /// <summary>A copy of the stream written so far.</summary>
    public byte[] ToArray() => _buffer.WrittenSpan.ToArray();

    /// <summary>Writes one record with raw value bytes.</summary>
    public void Write(ulong type, ReadOnlySpan<byte> value)
    {
        if (_previousType is { } previous && type <= previous)
        {
            throw new InvalidOperationException($"TLV type {type} written after type {previous}: types must strictly increase.");
        }

        Span<byte> destination = _buffer.GetSpan(RecordSize(type, value.Length));
        int written = BigSize.Write(type, destination);
        written += BigSize.Write((ulong)value.Length, destination[written..]);
        value.CopyTo(destination[written..]);
        _buffer.Advance(written + value.Length);
        _previousType = type;
    }

    /// <summary>Writes a record holding a tu64.</summary>
    public void WriteTu64(ulong type, ulong value)
    {
        Span<byte> bytes = stackalloc byte[sizeof(ulong)];
        Write(type, bytes[..TruncatedInt.Write(value, bytes)]);
    }

    /// <summary>Writes a record holding a tu32.</summary>
    public void WriteTu32(ulong type, uint value) => WriteTu64(type, value);

    /// <summary>Writes a record holding a tu16.</summary>
    public void WriteTu16(ulong type, ushort value) => WriteTu64(type, value);

    /// <summary>Writes kept records (e.g. unknown odd ones) in their type order.</summary>
    public void WriteAll(IEnumerable<TlvRecordData> records)
    {
        // Callers nearly always hold their records in type order already (every onion payload
        // and message extension): a list that is gets written as it is, without a sort's
        // allocations (docs/performance.md, "Node per-payment costs at 1,000 nodes").
        if (records is IReadOnlyList<TlvRecordData> list && InTypeOrder(list))
        {
            for (var i = 0; i < list.Count; i++)
            {
                Write(list[i].Type, list[i].Value);
            }

            return;
        }

        foreach (TlvRecordData record in records.OrderBy(r => r.Type))
        {
            Write(record.Type, record.Value);
        }
    }

    private static bool InTypeOrder(IReadOnlyList<TlvRecordData> records)
    {
        for (var i = 1; i < records.Count; i++)
        {
            if (records[i].Type < records[i - 1].Type)
            {
                return false;
            }
        }

        return true;
    }
}
