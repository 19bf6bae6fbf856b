using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using LnRelay.Sphinx;
using static LnRelay.Node.Gossip.ChannelUpdateLayout;

namespace LnRelay.Node.Gossip;

/// <summary>
/// Byte-exact encoding and strict decoding of <c>channel_update</c> (BOLT 7 "The
/// channel_update Message"), with or without the 2-byte type 0x0102. Decoding never
/// throws: every refusal is a <see cref="ChannelUpdateDecodeError"/>.
/// </summary>
internal sealed partial class ChannelUpdate
{
    /// <summary>Writes the 136-byte body (no type) into <paramref name="destination"/>.</summary>
    public void WriteBody(Span<byte> destination)
    {
        if (destination.Length < BodySize)
        {
            throw new ArgumentException($"Needs {BodySize} bytes.", nameof(destination));
        }

        _signature.CopyTo(destination.Slice(SignatureOffset, SignatureSize));
        WriteSignedFields(destination);
    }

    /// <summary>Writes the 138-byte message: type 0x0102, then the body.</summary>
    public void WriteMessage(Span<byte> destination)
    {
        if (destination.Length < MessageSize)
        {
            throw new ArgumentException($"Needs {MessageSize} bytes.", nameof(destination));
        }

        BinaryPrimitives.WriteUInt16BigEndian(destination, ChannelUpdateLayout.MessageType);
        WriteBody(destination[TypeSize..]);
    }

    /// <summary>The 136-byte body, without the type.</summary>
    public byte[] ToBodyBytes()
    {
        var bytes = new byte[BodySize];
        WriteBody(bytes);
        return bytes;
    }

    /// <summary>
    /// The 138-byte message with its type: the form lnrelay puts inside BOLT 4 UPDATE
    /// failures (BOLT 4 "Failure Messages": the historical 0x0102 prefix, tolerated both ways on read).
    /// </summary>
    public byte[] ToMessageBytes()
    {
        var bytes = new byte[MessageSize];
        WriteMessage(bytes);
        return bytes;
    }

    /// <summary>Decodes exactly a 136-byte body (no type prefix).</summary>
    public static bool TryDecodeBody(ReadOnlySpan<byte> body, [NotNullWhen(true)] out ChannelUpdate? update, out ChannelUpdateDecodeError failure)
    {
        update = null;
        failure = body.Length < BodySize ? ChannelUpdateDecodeError.TooShort
            : body.Length > BodySize ? ChannelUpdateDecodeError.TooLong
            : ChannelUpdateDecodeError.None;
        return failure == ChannelUpdateDecodeError.None && TryReadFields(body, out update, out failure);
    }

    /// <summary>Decodes exactly a 138-byte message: type 258 then the body.</summary>
    public static bool TryDecodeMessage(ReadOnlySpan<byte> message, [NotNullWhen(true)] out ChannelUpdate? update, out ChannelUpdateDecodeError failure)
    {
        update = null;
        if (message.Length < TypeSize)
        {
            failure = ChannelUpdateDecodeError.TooShort;
            return false;
        }

        if (BinaryPrimitives.ReadUInt16BigEndian(message) != ChannelUpdateLayout.MessageType)
        {
            failure = ChannelUpdateDecodeError.WrongMessageType;
            return false;
        }

        return TryDecodeBody(message[TypeSize..], out update, out failure);
    }

    /// <summary>
    /// Decodes the <c>channel_update</c> inside a BOLT 4 UPDATE failure (the <c>len</c> bytes
    /// after its u16 length), which may or may not carry the 0x0102 type (BOLT 4 "Failure Messages", whose text changed on this).
    /// The length decides: exactly 138 bytes is read as type + body (so its first two bytes
    /// must be 0x0102); anything else as a bare body. Testing the first two bytes instead
    /// would misread a bare body whose signature happens to start with 0x0102. The caller
    /// handles <c>len = 0</c> (no update) before calling this.
    /// </summary>
    public static bool TryDecodeEmbedded(ReadOnlySpan<byte> data, [NotNullWhen(true)] out ChannelUpdate? update, out ChannelUpdateDecodeError failure) =>
        data.Length == MessageSize
            ? TryDecodeMessage(data, out update, out failure)
            : TryDecodeBody(data, out update, out failure);

    /// <summary>
    /// Writes every field after the signature at its body offset, leaving the signature's
    /// 64 bytes untouched: the signed part is then <c>body[SignedPartOffset..]</c>.
    /// </summary>
    private void WriteSignedFields(Span<byte> body)
    {
        _chainHash.CopyTo(body.Slice(ChainHashOffset, ChainHashSize));
        ShortChannelId.Write(body.Slice(ShortChannelIdOffset, ShortChannelIdSize));
        BinaryPrimitives.WriteUInt32BigEndian(body.Slice(TimestampOffset, TimestampSize), Timestamp);
        body[MessageFlagsOffset] = (byte)MessageFlags;
        body[ChannelFlagsOffset] = (byte)ChannelFlags;
        BinaryPrimitives.WriteUInt16BigEndian(body.Slice(CltvExpiryDeltaOffset, CltvExpiryDeltaSize), CltvExpiryDelta);
        BinaryPrimitives.WriteUInt64BigEndian(body.Slice(HtlcMinimumMsatOffset, HtlcMinimumMsatSize), HtlcMinimumMsat);
        BinaryPrimitives.WriteUInt32BigEndian(body.Slice(FeeBaseMsatOffset, FeeBaseMsatSize), FeeBaseMsat);
        BinaryPrimitives.WriteUInt32BigEndian(body.Slice(FeeProportionalMillionthsOffset, FeeProportionalMillionthsSize), FeeProportionalMillionths);
        BinaryPrimitives.WriteUInt64BigEndian(body.Slice(HtlcMaximumMsatOffset, HtlcMaximumMsatSize), HtlcMaximumMsat);
    }

    /// <summary>Reads the fields of a body already known to be <see cref="BodySize"/> bytes.</summary>
    private static bool TryReadFields(ReadOnlySpan<byte> body, [NotNullWhen(true)] out ChannelUpdate? update, out ChannelUpdateDecodeError failure)
    {
        update = null;
        var messageFlags = (ChannelUpdateMessageFlags)body[MessageFlagsOffset];
        var channelFlags = (ChannelUpdateChannelFlags)body[ChannelFlagsOffset];

        // BOLT 7: bits without a meaning MUST be 0 when sent. lnrelay refuses them so a
        // future meaning is never silently dropped. A clear must_be_one is accepted: the
        // spec's rationale says receivers ignore it.
        if ((messageFlags & ~ChannelUpdateKnownFlags.Message) != 0)
        {
            failure = ChannelUpdateDecodeError.UnknownMessageFlags;
            return false;
        }

        if ((channelFlags & ~ChannelUpdateKnownFlags.Channel) != 0)
        {
            failure = ChannelUpdateDecodeError.UnknownChannelFlags;
            return false;
        }

        update = new ChannelUpdate(
            body.Slice(SignatureOffset, SignatureSize),
            body.Slice(ChainHashOffset, ChainHashSize),
            ShortChannelId.Read(body.Slice(ShortChannelIdOffset, ShortChannelIdSize)),
            BinaryPrimitives.ReadUInt32BigEndian(body.Slice(TimestampOffset, TimestampSize)),
            messageFlags,
            channelFlags,
            BinaryPrimitives.ReadUInt16BigEndian(body.Slice(CltvExpiryDeltaOffset, CltvExpiryDeltaSize)),
            BinaryPrimitives.ReadUInt64BigEndian(body.Slice(HtlcMinimumMsatOffset, HtlcMinimumMsatSize)),
            BinaryPrimitives.ReadUInt32BigEndian(body.Slice(FeeBaseMsatOffset, FeeBaseMsatSize)),
            BinaryPrimitives.ReadUInt32BigEndian(body.Slice(FeeProportionalMillionthsOffset, FeeProportionalMillionthsSize)),
            BinaryPrimitives.ReadUInt64BigEndian(body.Slice(HtlcMaximumMsatOffset, HtlcMaximumMsatSize)));
        failure = ChannelUpdateDecodeError.None;
        return true;
    }
}
