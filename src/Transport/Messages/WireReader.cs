using System.Buffers.Binary;

namespace LnRelay.Transport.Messages;

/// <summary>
/// Reads big-endian fields from untrusted bytes. Every read is a <c>Try</c>: running
/// out of bytes is the expected "too short" failure (BOLT 1: a known message that is
/// too short closes the connection), never an exception. Byte fields are returned as
/// slices of <see cref="ReadOnlyMemory{T}"/> over the same buffer.
/// </summary>
internal struct WireReader
{
    private readonly ReadOnlyMemory<byte> _buffer;
    private int _position;

    public WireReader(ReadOnlyMemory<byte> buffer)
    {
        _buffer = buffer;
        _position = 0;
    }

    /// <summary>Bytes not yet read (the extension TLV stream, once the fixed fields are read).</summary>
    public readonly ReadOnlyMemory<byte> Rest => _buffer[_position..];

    public readonly int RemainingLength => _buffer.Length - _position;

    public bool TryReadU8(out byte value)
    {
        value = 0;
        if (RemainingLength < sizeof(byte))
        {
            return false;
        }

        value = _buffer.Span[_position];
        _position += sizeof(byte);
        return true;
    }

    public bool TryReadU16(out ushort value)
    {
        value = 0;
        if (RemainingLength < sizeof(ushort))
        {
            return false;
        }

        value = BinaryPrimitives.ReadUInt16BigEndian(_buffer.Span[_position..]);
        _position += sizeof(ushort);
        return true;
    }

    public bool TryReadU32(out uint value)
    {
        value = 0;
        if (RemainingLength < sizeof(uint))
        {
            return false;
        }

        value = BinaryPrimitives.ReadUInt32BigEndian(_buffer.Span[_position..]);
        _position += sizeof(uint);
        return true;
    }

    public bool TryReadU64(out ulong value)
    {
        value = 0;
        if (RemainingLength < sizeof(ulong))
        {
            return false;
        }

        value = BinaryPrimitives.ReadUInt64BigEndian(_buffer.Span[_position..]);
        _position += sizeof(ulong);
        return true;
    }

    public bool TryReadBytes(int length, out ReadOnlyMemory<byte> value)
    {
        value = default;
        if (length < 0 || RemainingLength < length)
        {
            return false;
        }

        value = _buffer.Slice(_position, length);
        _position += length;
        return true;
    }

    /// <summary>A u16 length followed by that many bytes.</summary>
    public bool TryReadU16Prefixed(out ReadOnlyMemory<byte> value)
    {
        value = default;
        var start = _position;
        if (!TryReadU16(out var length) || !TryReadBytes(length, out value))
        {
            _position = start;
            return false;
        }

        return true;
    }
}
