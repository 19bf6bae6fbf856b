using System.Buffers.Binary;

namespace LnRelay.Transport.Messages;

/// <summary>Appends big-endian fields to a span sized beforehand (BOLT 1: "all data fields are unsigned big-endian").</summary>
internal ref struct WireWriter
{
    private readonly Span<byte> _destination;
    private int _position;

    public WireWriter(Span<byte> destination)
    {
        _destination = destination;
        _position = 0;
    }

    /// <summary>Bytes written so far.</summary>
    public readonly int Position => _position;

    /// <summary>The unwritten rest, for writers (the TLV stream writer) that fill it themselves.</summary>
    public readonly Span<byte> Remaining => _destination[_position..];

    public void WriteU8(byte value)
    {
        _destination[_position] = value;
        _position += sizeof(byte);
    }

    public void WriteU16(ushort value)
    {
        BinaryPrimitives.WriteUInt16BigEndian(_destination[_position..], value);
        _position += sizeof(ushort);
    }

    public void WriteU32(uint value)
    {
        BinaryPrimitives.WriteUInt32BigEndian(_destination[_position..], value);
        _position += sizeof(uint);
    }

    public void WriteU64(ulong value)
    {
        BinaryPrimitives.WriteUInt64BigEndian(_destination[_position..], value);
        _position += sizeof(ulong);
    }

    public void WriteBytes(ReadOnlySpan<byte> value)
    {
        value.CopyTo(_destination[_position..]);
        _position += value.Length;
    }

    /// <summary>A u16 length followed by the bytes it counts.</summary>
    public void WriteU16Prefixed(ReadOnlySpan<byte> value)
    {
        WriteU16(checked((ushort)value.Length));
        WriteBytes(value);
    }

    public void Advance(int count) => _position += count;
}
