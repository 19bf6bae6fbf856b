using LnRelay.Wire;

namespace LnRelay.Transport.Messages;

/// <summary>
/// One BOLT 1 message: <c>u16 type || fixed fields || optional extension TLV stream</c>
/// ("Lightning Message Format"), at most <see cref="MessageSizes.MaxMessage"/> bytes.
/// Instances are immutable; constructors refuse values that cannot be encoded (a
/// misuse, so an <see cref="ArgumentException"/>). Decoding is
/// <see cref="MessageDecoder.Decode"/>.
/// </summary>
public abstract class LightningMessage
{
    private readonly IReadOnlyList<TlvRecordData> _unknownOddRecords = [];
    private byte[]? _extension;

    private protected LightningMessage()
    {
    }

    /// <summary>The message's 2-byte type.</summary>
    public abstract MessageType Type { get; }

    /// <summary>
    /// Extension TLV records of unknown odd types, kept as received so that a decoded
    /// message re-encodes byte for byte (BOLT 1 "Appendix C": signed messages cover
    /// them). Even types are refused: a sender must not send an even record the peer
    /// may not know.
    /// </summary>
    public IReadOnlyList<TlvRecordData> UnknownOddRecords
    {
        get => _unknownOddRecords;
        init
        {
            foreach (var record in value)
            {
                if (record.Type % 2 == 0)
                {
                    throw new ArgumentException($"TLV type {record.Type} is even; only unknown odd records may be carried.", nameof(value));
                }
            }

            _unknownOddRecords = value;
        }
    }

    /// <summary>The encoded size, type included.</summary>
    public int EncodedLength => MessageSizes.Type + FixedLength + Extension.Length;

    /// <summary>Bytes of the fixed fields (everything between the type and the TLV stream).</summary>
    private protected abstract int FixedLength { get; }

    /// <summary>The encoded extension TLV stream (known records and <see cref="UnknownOddRecords"/>, in type order).</summary>
    internal ReadOnlySpan<byte> Extension => _extension ??= BuildExtension();

    /// <summary>Writes the whole message (type first) into <paramref name="destination"/>, which must hold <see cref="EncodedLength"/> bytes.</summary>
    public void WriteTo(Span<byte> destination)
    {
        var length = EncodedLength;
        if (length > MessageSizes.MaxMessage)
        {
            throw new InvalidOperationException($"The message would be {length} bytes; BOLT 1 allows at most {MessageSizes.MaxMessage}.");
        }

        if (destination.Length < length)
        {
            throw new ArgumentException($"Needs {length} bytes.", nameof(destination));
        }

        var writer = new WireWriter(destination[..length]);
        writer.WriteU16((ushort)Type);
        WriteFixed(ref writer);
        writer.WriteBytes(Extension);
    }

    /// <summary>The whole message as a new array.</summary>
    public byte[] Encode()
    {
        var bytes = new byte[EncodedLength];
        WriteTo(bytes);
        return bytes;
    }

    /// <summary>Writes exactly <see cref="FixedLength"/> bytes.</summary>
    private protected abstract void WriteFixed(ref WireWriter writer);

    /// <summary>Adds this message's known extension records (any order); none by default.</summary>
    private protected virtual void AddKnownRecords(List<TlvRecordData> records)
    {
    }

    /// <summary>Throws when caller-built fields would not fit in one transport frame.</summary>
    private protected static void EnsureFits(int fixedLength, string parameterName)
    {
        if (MessageSizes.Type + fixedLength > MessageSizes.MaxMessage)
        {
            throw new ArgumentException($"The message would be at least {MessageSizes.Type + fixedLength} bytes; BOLT 1 allows at most {MessageSizes.MaxMessage}.", parameterName);
        }
    }

    /// <summary>Throws when a fixed-size field has the wrong length.</summary>
    private protected static ReadOnlyMemory<byte> Exactly(ReadOnlyMemory<byte> value, int length, string parameterName) =>
        value.Length == length ? value : throw new ArgumentException($"Must be {length} bytes, got {value.Length}.", parameterName);

    private byte[] BuildExtension()
    {
        var records = new List<TlvRecordData>();
        AddKnownRecords(records);
        if (records.Count == 0 && _unknownOddRecords.Count == 0)
        {
            return [];
        }

        records.AddRange(_unknownOddRecords);
        var writer = new TlvWriter();
        writer.WriteAll(records);
        return writer.ToArray();
    }
}
