using System.Buffers.Binary;

namespace LnRelay.Wire;

/// <summary>Outcome of reading one BigSize value (BOLT 1, "Fundamental Types", Appendix A).</summary>
public enum BigSizeReadStatus
{
    /// <summary>A minimal encoding was read.</summary>
    Ok,

    /// <summary>No bytes at all: a TLV reader treats this as a clean end of stream.</summary>
    EndOfInput,

    /// <summary>The prefix byte announces more bytes than remain.</summary>
    Truncated,

    /// <summary>The value decoded, but a shorter encoding exists; BOLT 1 requires rejecting it.</summary>
    NotMinimal,
}

/// <summary>
/// BigSize, BOLT 1's big-endian CompactSize: values below 0xfd take one byte;
/// otherwise a prefix (0xfd, 0xfe, 0xff) announces a u16, u32 or u64.
/// Readers must reject non-minimal encodings (BOLT 1, "Fundamental Types").
/// </summary>
public static class BigSize
{
    /// <summary>The largest encoding: prefix byte plus a u64.</summary>
    public const int MaxSize = PrefixSize + sizeof(ulong);

    private const int PrefixSize = 1;
    private const byte U16Prefix = 0xfd;
    private const byte U32Prefix = 0xfe;
    private const byte U64Prefix = 0xff;

    /// <summary>Bytes needed to encode <paramref name="value"/> minimally.</summary>
    public static int SizeOf(ulong value) => value switch
    {
        < U16Prefix => PrefixSize,
        <= ushort.MaxValue => PrefixSize + sizeof(ushort),
        <= uint.MaxValue => PrefixSize + sizeof(uint),
        _ => MaxSize,
    };

    /// <summary>Writes the minimal encoding; returns the bytes written. Throws if the span is too short (a caller bug).</summary>
    public static int Write(ulong value, Span<byte> destination)
    {
        int size = SizeOf(value);
        if (destination.Length < size)
        {
            throw new ArgumentException($"BigSize needs {size} bytes, destination has {destination.Length}.", nameof(destination));
        }

        switch (size)
        {
            case PrefixSize:
                destination[0] = (byte)value;
                break;
            case PrefixSize + sizeof(ushort):
                destination[0] = U16Prefix;
                BinaryPrimitives.WriteUInt16BigEndian(destination[PrefixSize..], (ushort)value);
                break;
            case PrefixSize + sizeof(uint):
                destination[0] = U32Prefix;
                BinaryPrimitives.WriteUInt32BigEndian(destination[PrefixSize..], (uint)value);
                break;
            default:
                destination[0] = U64Prefix;
                BinaryPrimitives.WriteUInt64BigEndian(destination[PrefixSize..], value);
                break;
        }

        return size;
    }

    /// <summary>Encodes <paramref name="value"/> into a new array.</summary>
    public static byte[] Encode(ulong value)
    {
        var bytes = new byte[SizeOf(value)];
        Write(value, bytes);
        return bytes;
    }

    /// <summary>
    /// Reads one BigSize from the start of <paramref name="source"/>. On <see cref="BigSizeReadStatus.Ok"/>,
    /// <paramref name="value"/> and <paramref name="consumed"/> are set; otherwise both are zero.
    /// </summary>
    public static BigSizeReadStatus TryRead(ReadOnlySpan<byte> source, out ulong value, out int consumed)
    {
        value = 0;
        consumed = 0;
        if (source.IsEmpty)
        {
            return BigSizeReadStatus.EndOfInput;
        }

        byte prefix = source[0];
        int size = prefix switch
        {
            U16Prefix => PrefixSize + sizeof(ushort),
            U32Prefix => PrefixSize + sizeof(uint),
            U64Prefix => MaxSize,
            _ => PrefixSize,
        };
        if (source.Length < size)
        {
            return BigSizeReadStatus.Truncated;
        }

        ReadOnlySpan<byte> body = source[PrefixSize..size];
        (ulong decoded, ulong minimum) = prefix switch
        {
            U16Prefix => ((ulong)BinaryPrimitives.ReadUInt16BigEndian(body), (ulong)U16Prefix),
            U32Prefix => (BinaryPrimitives.ReadUInt32BigEndian(body), (ulong)ushort.MaxValue + 1),
            U64Prefix => (BinaryPrimitives.ReadUInt64BigEndian(body), (ulong)uint.MaxValue + 1),
            _ => (prefix, 0UL),
        };
        if (decoded < minimum)
        {
            return BigSizeReadStatus.NotMinimal;
        }

        value = decoded;
        consumed = size;
        return BigSizeReadStatus.Ok;
    }
}
