using System.Buffers.Binary;

namespace LnRelay.Wire;

/// <summary>Outcome of reading a truncated integer.</summary>
public enum TruncatedIntReadStatus
{
    /// <summary>A minimal encoding was read.</summary>
    Ok,

    /// <summary>More bytes than the integer type can hold.</summary>
    TooLong,

    /// <summary>A leading zero byte: BOLT 1 requires minimal truncated integers.</summary>
    NotMinimal,
}

/// <summary>
/// Truncated integers tu16/tu32/tu64 (BOLT 1, "Fundamental Types"): big-endian with every
/// leading zero byte removed, so 0 is zero bytes long. They only ever end a TLV record,
/// so the record length gives their size.
/// </summary>
public static class TruncatedInt
{
    /// <summary>Bytes needed for <paramref name="value"/> (0 for zero).</summary>
    public static int SizeOf(ulong value) => (int)((sizeof(ulong) * 8 - (uint)ulong.LeadingZeroCount(value) + 7) / 8);

    /// <summary>Writes the minimal encoding of <paramref name="value"/>; returns the bytes written.</summary>
    public static int Write(ulong value, Span<byte> destination)
    {
        int size = SizeOf(value);
        if (destination.Length < size)
        {
            throw new ArgumentException($"Truncated integer needs {size} bytes, destination has {destination.Length}.", nameof(destination));
        }

        Span<byte> full = stackalloc byte[sizeof(ulong)];
        BinaryPrimitives.WriteUInt64BigEndian(full, value);
        full[(sizeof(ulong) - size)..].CopyTo(destination);
        return size;
    }

    /// <summary>Reads a tu64 occupying all of <paramref name="source"/>.</summary>
    public static TruncatedIntReadStatus TryReadTu64(ReadOnlySpan<byte> source, out ulong value) =>
        TryRead(source, sizeof(ulong), out value);

    /// <summary>Reads a tu32 occupying all of <paramref name="source"/>.</summary>
    public static TruncatedIntReadStatus TryReadTu32(ReadOnlySpan<byte> source, out uint value)
    {
        TruncatedIntReadStatus status = TryRead(source, sizeof(uint), out ulong wide);
        value = (uint)wide;
        return status;
    }

    /// <summary>Reads a tu16 occupying all of <paramref name="source"/>.</summary>
    public static TruncatedIntReadStatus TryReadTu16(ReadOnlySpan<byte> source, out ushort value)
    {
        TruncatedIntReadStatus status = TryRead(source, sizeof(ushort), out ulong wide);
        value = (ushort)wide;
        return status;
    }

    private static TruncatedIntReadStatus TryRead(ReadOnlySpan<byte> source, int maxSize, out ulong value)
    {
        value = 0;
        if (source.Length > maxSize)
        {
            return TruncatedIntReadStatus.TooLong;
        }

        if (!source.IsEmpty && source[0] == 0)
        {
            return TruncatedIntReadStatus.NotMinimal;
        }

        foreach (byte b in source)
        {
            value = (value << 8) | b;
        }

        return TruncatedIntReadStatus.Ok;
    }
}
