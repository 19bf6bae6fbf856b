namespace LnRelay.Transport.Messages;

/// <summary>
/// A BOLT 1/BOLT 9 feature bitmap: bit 0 is the least significant bit of the LAST
/// byte; bits come in pairs, the even bit meaning "required", the odd bit
/// "optional" ("It's OK to be odd"). Always held in minimal form (no leading zero
/// bytes, as BOLT 1 asks a sender to use), so two bitmaps with the same bits are
/// equal. Immutable.
/// </summary>
public sealed class FeatureBits : IEquatable<FeatureBits>
{
    private const int BitsPerByte = 8;

    /// <summary>The largest bit a u16-length bitmap can carry.</summary>
    public const int MaxBit = (ushort.MaxValue * BitsPerByte) - 1;

    private readonly byte[] _bitmap;

    private FeatureBits(byte[] minimalBitmap) => _bitmap = minimalBitmap;

    /// <summary>No bits set (an empty bitmap).</summary>
    public static FeatureBits None { get; } = new([]);

    /// <summary>The minimal big-endian bitmap as sent on the wire.</summary>
    public ReadOnlySpan<byte> Bitmap => _bitmap;

    /// <summary>True when no bit is set.</summary>
    public bool IsEmpty => _bitmap.Length == 0;

    /// <summary>Reads a wire bitmap of any length; leading zero bytes are dropped.</summary>
    public static FeatureBits FromBitmap(ReadOnlySpan<byte> bitmap)
    {
        var first = bitmap.IndexOfAnyExcept((byte)0);
        return first < 0 ? None : new FeatureBits(bitmap[first..].ToArray());
    }

    /// <summary>A bitmap with exactly these bits set.</summary>
    public static FeatureBits FromBits(params ReadOnlySpan<int> bits)
    {
        var highest = -1;
        foreach (var bit in bits)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(bit, nameof(bits));
            ArgumentOutOfRangeException.ThrowIfGreaterThan(bit, MaxBit, nameof(bits));
            highest = Math.Max(highest, bit);
        }

        if (highest < 0)
        {
            return None;
        }

        var bitmap = new byte[(highest / BitsPerByte) + 1];
        foreach (var bit in bits)
        {
            bitmap[bitmap.Length - 1 - (bit / BitsPerByte)] |= (byte)(1 << (bit % BitsPerByte));
        }

        return new FeatureBits(bitmap);
    }

    /// <summary>Whether <paramref name="bit"/> is set.</summary>
    public bool IsSet(int bit)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bit);
        var index = _bitmap.Length - 1 - (bit / BitsPerByte);
        return index >= 0 && (_bitmap[index] & (1 << (bit % BitsPerByte))) != 0;
    }

    /// <summary>Every set bit, lowest first.</summary>
    public IReadOnlyList<int> SetBits()
    {
        var bits = new List<int>();
        for (var bit = 0; bit < _bitmap.Length * BitsPerByte; bit++)
        {
            if (IsSet(bit))
            {
                bits.Add(bit);
            }
        }

        return bits;
    }

    /// <summary>
    /// The bitwise OR: BOLT 1 "The <c>init</c> Message" has the receiver treat the union
    /// of <c>globalfeatures</c> and <c>features</c> as the peer's features.
    /// </summary>
    public FeatureBits Union(FeatureBits other)
    {
        var length = Math.Max(_bitmap.Length, other._bitmap.Length);
        var bitmap = new byte[length];
        _bitmap.CopyTo(bitmap, length - _bitmap.Length);
        for (var i = 0; i < other._bitmap.Length; i++)
        {
            bitmap[length - other._bitmap.Length + i] |= other._bitmap[i];
        }

        return new FeatureBits(bitmap);
    }

    /// <summary>Whether a feature is offered at all: its required (even) or optional (odd) bit.</summary>
    public bool Supports(int evenBit) => IsSet(evenBit & ~1) || IsSet(evenBit | 1);

    /// <summary>
    /// The lowest even (required) bit set here that <paramref name="isKnown"/> does not
    /// know, or null. BOLT 1: unknown odd bits are ignored; an unknown even bit means
    /// the peer needs something this node cannot do, so the connection must fail.
    /// </summary>
    public int? FirstUnknownRequiredBit(Func<int, bool> isKnown)
    {
        foreach (var bit in SetBits())
        {
            if (bit % 2 == 0 && !isKnown(bit))
            {
                return bit;
            }
        }

        return null;
    }

    public override string ToString() => IsEmpty ? "(none)" : string.Join(",", SetBits());

    public bool Equals(FeatureBits? other) => other is not null && _bitmap.AsSpan().SequenceEqual(other._bitmap);

    public override bool Equals(object? obj) => Equals(obj as FeatureBits);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(_bitmap);
        return hash.ToHashCode();
    }
}
