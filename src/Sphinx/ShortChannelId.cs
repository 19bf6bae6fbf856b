using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace LnRelay.Sphinx;

/// <summary>
/// BOLT 7 <c>short_channel_id</c> ("Definition of short_channel_id"): 8 bytes big-endian,
/// block height (3 bytes), transaction index in the block (3 bytes), output index (2 bytes);
/// as an integer <c>(height &lt;&lt; 40) | (tx_index &lt;&lt; 16) | output_index</c>.
/// Text form "BxTxO", e.g. <c>539268x845x1</c>. In the simulation these are synthesised,
/// but they still obey the field limits.
/// </summary>
public readonly struct ShortChannelId : IEquatable<ShortChannelId>, IComparable<ShortChannelId>
{
    /// <summary>Wire size.</summary>
    public const int Size = sizeof(ulong);

    /// <summary>Largest block height (3 bytes).</summary>
    public const uint MaxBlockHeight = (1u << 24) - 1;

    /// <summary>Largest transaction index (3 bytes).</summary>
    public const uint MaxTxIndex = (1u << 24) - 1;

    private const int BlockHeightShift = 40;
    private const int TxIndexShift = 16;
    private const char Separator = 'x';

    public ShortChannelId(uint blockHeight, uint txIndex, ushort outputIndex)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(blockHeight, MaxBlockHeight);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(txIndex, MaxTxIndex);
        Value = ((ulong)blockHeight << BlockHeightShift) | ((ulong)txIndex << TxIndexShift) | outputIndex;
    }

    private ShortChannelId(ulong value) => Value = value;

    /// <summary>The u64 form; every u64 is a valid short_channel_id.</summary>
    public ulong Value { get; }

    public uint BlockHeight => (uint)(Value >> BlockHeightShift);

    public uint TxIndex => unchecked((uint)(Value >> TxIndexShift)) & MaxTxIndex;

    public ushort OutputIndex => unchecked((ushort)Value);

    public static ShortChannelId FromUInt64(ulong value) => new(value);

    /// <summary>Reads 8 big-endian bytes. Throws if the span is not exactly <see cref="Size"/> bytes (a caller bug).</summary>
    public static ShortChannelId Read(ReadOnlySpan<byte> source)
    {
        if (source.Length != Size)
        {
            throw new ArgumentException($"A short_channel_id is {Size} bytes, got {source.Length}.", nameof(source));
        }

        return new(BinaryPrimitives.ReadUInt64BigEndian(source));
    }

    /// <summary>Writes 8 big-endian bytes.</summary>
    public void Write(Span<byte> destination) => BinaryPrimitives.WriteUInt64BigEndian(destination, Value);

    public byte[] ToBytes()
    {
        var bytes = new byte[Size];
        Write(bytes);
        return bytes;
    }

    /// <summary>Parses "BxTxO" (decimal parts, lowercase x, each within its field's limit).</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out ShortChannelId scid)
    {
        scid = default;
        if (text is null)
        {
            return false;
        }

        string[] parts = text.Split(Separator);
        if (parts.Length != 3
            || !TryParsePart(parts[0], MaxBlockHeight, out uint height)
            || !TryParsePart(parts[1], MaxTxIndex, out uint tx)
            || !TryParsePart(parts[2], ushort.MaxValue, out uint output))
        {
            return false;
        }

        scid = new ShortChannelId(height, tx, (ushort)output);
        return true;
    }

    public static ShortChannelId Parse(string text) =>
        TryParse(text, out ShortChannelId scid) ? scid : throw new FormatException($"'{text}' is not a short_channel_id (BxTxO).");

    public override string ToString() => $"{BlockHeight}{Separator}{TxIndex}{Separator}{OutputIndex}";

    public bool Equals(ShortChannelId other) => Value == other.Value;

    public override bool Equals([NotNullWhen(true)] object? obj) => obj is ShortChannelId other && Equals(other);

    public override int GetHashCode() => Value.GetHashCode();

    public int CompareTo(ShortChannelId other) => Value.CompareTo(other.Value);

    public static bool operator ==(ShortChannelId left, ShortChannelId right) => left.Equals(right);

    public static bool operator !=(ShortChannelId left, ShortChannelId right) => !left.Equals(right);

    public static bool operator <(ShortChannelId left, ShortChannelId right) => left.Value < right.Value;

    public static bool operator >(ShortChannelId left, ShortChannelId right) => left.Value > right.Value;

    public static bool operator <=(ShortChannelId left, ShortChannelId right) => left.Value <= right.Value;

    public static bool operator >=(ShortChannelId left, ShortChannelId right) => left.Value >= right.Value;

    private static bool TryParsePart(string part, uint max, out uint value)
    {
        value = 0;
        // Digits only: no sign, spaces or leading '+' that uint.TryParse would otherwise accept.
        if (part.Length == 0 || !part.All(char.IsAsciiDigit))
        {
            return false;
        }

        return uint.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value <= max;
    }
}
