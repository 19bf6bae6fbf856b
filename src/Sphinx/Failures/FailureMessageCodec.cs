using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using LnRelay.Wire;

namespace LnRelay.Sphinx.Failures;

/// <summary>
/// Wire form of <see cref="FailureMessage"/> (BOLT 4 "Failure Messages"):
/// <c>u16 failure_code || data per <see cref="FailureDataLayout"/> || optional TLV stream</c>.
/// A channel_update is written with its 2-byte message type 0x0102 in front (the form the spec
/// text used 2022-2024) and read with or without it (BOLT 4 "Failure Messages").
/// </summary>
internal static class FailureMessageCodec
{
    /// <summary>Size of the failure_code.</summary>
    public const int CodeSize = sizeof(ushort);

    /// <summary>BOLT 7 channel_update body after its 2-byte type.</summary>
    public const int ChannelUpdateBodySize = 136;

    /// <summary>channel_update's BOLT 7 message type (258), historically prefixed inside failures.</summary>
    public const ushort ChannelUpdateMessageType = 0x0102;

    private const int ChannelUpdateTypeSize = sizeof(ushort);

    public static byte[] Encode(FailureMessage message)
    {
        var buffer = new ArrayBufferWriter<byte>();
        WriteU16(buffer, (ushort)message.Code);
        switch (FailureDataLayouts.Of(message.Code))
        {
            case FailureDataLayout.Sha256OfOnion:
                buffer.Write(message.Sha256OfOnionSpan);
                break;
            case FailureDataLayout.ChannelUpdate:
                WriteChannelUpdate(buffer, message.ChannelUpdateSpan);
                break;
            case FailureDataLayout.HtlcMsatAndChannelUpdate:
                WriteU64(buffer, message.HtlcMsat!.Value);
                WriteChannelUpdate(buffer, message.ChannelUpdateSpan);
                break;
            case FailureDataLayout.CltvExpiryAndChannelUpdate:
                WriteU32(buffer, message.CltvExpiry!.Value);
                WriteChannelUpdate(buffer, message.ChannelUpdateSpan);
                break;
            case FailureDataLayout.DisabledFlagsAndChannelUpdate:
                WriteU16(buffer, message.DisabledFlags!.Value);
                WriteChannelUpdate(buffer, message.ChannelUpdateSpan);
                break;
            case FailureDataLayout.HtlcMsatAndHeight:
                WriteU64(buffer, message.HtlcMsat!.Value);
                WriteU32(buffer, message.Height!.Value);
                break;
            case FailureDataLayout.CltvExpiry:
                WriteU32(buffer, message.CltvExpiry!.Value);
                break;
            case FailureDataLayout.HtlcMsat:
                WriteU64(buffer, message.HtlcMsat!.Value);
                break;
            case FailureDataLayout.PayloadTypeAndOffset:
                buffer.Advance(BigSize.Write(message.PayloadType!.Value, buffer.GetSpan(BigSize.MaxSize)));
                WriteU16(buffer, message.PayloadOffset!.Value);
                break;
            default:
                buffer.Write(message.UnparsedDataSpan);
                break;
        }

        if (message.Extension.Count > 0)
        {
            var writer = new TlvWriter();
            writer.WriteAll(message.Extension);
            buffer.Write(writer.WrittenSpan);
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static bool TryDecode(ReadOnlySpan<byte> bytes, [NotNullWhen(true)] out FailureMessage? message, out FailureMessageDecodeError error)
    {
        message = null;
        error = default;
        if (bytes.Length < CodeSize)
        {
            error = new(FailureMessageDecodeErrorReason.MissingCode, 0);
            return false;
        }

        var code = (FailureCode)BinaryPrimitives.ReadUInt16BigEndian(bytes);
        if (!code.IsKnown())
        {
            // Unlisted code: its data layout is unknown, so keep every following byte as is.
            message = new FailureMessage(code, unparsedData: bytes[CodeSize..].ToArray());
            return true;
        }

        var reader = new Reader(bytes, CodeSize);
        ulong? htlcMsat = null, payloadType = null;
        uint? cltv = null, height = null;
        ushort? disabledFlags = null, payloadOffset = null;
        ReadOnlySpan<byte> sha = default;
        byte[]? update = null;
        bool ok = FailureDataLayouts.Of(code) switch
        {
            FailureDataLayout.Sha256OfOnion => reader.TryTake(FailureMessage.Sha256OfOnionSize, out sha),
            FailureDataLayout.ChannelUpdate => reader.TryChannelUpdate(out update),
            FailureDataLayout.HtlcMsatAndChannelUpdate => reader.TryU64(out htlcMsat) && reader.TryChannelUpdate(out update),
            FailureDataLayout.CltvExpiryAndChannelUpdate => reader.TryU32(out cltv) && reader.TryChannelUpdate(out update),
            FailureDataLayout.DisabledFlagsAndChannelUpdate => reader.TryU16(out disabledFlags) && reader.TryChannelUpdate(out update),
            FailureDataLayout.HtlcMsatAndHeight => reader.TryU64(out htlcMsat) && reader.TryU32(out height),
            FailureDataLayout.CltvExpiry => reader.TryU32(out cltv),
            FailureDataLayout.HtlcMsat => reader.TryU64(out htlcMsat),
            FailureDataLayout.PayloadTypeAndOffset => reader.TryBigSize(out payloadType) && reader.TryU16(out payloadOffset),
            _ => true,
        };
        if (!ok)
        {
            error = reader.Error;
            return false;
        }

        List<TlvRecordData>? extension = null;
        var tlv = new TlvReader(bytes[reader.Position..], [], reader.Position);
        while (tlv.TryRead(out TlvRecord record))
        {
            (extension ??= []).Add(record.ToData());
        }

        if (tlv.Failure is { } failure)
        {
            error = new(FailureMessageDecodeErrorReason.InvalidExtension, failure.Offset, failure);
            return false;
        }

        message = new FailureMessage(code, htlcMsat, cltv, height, disabledFlags, sha, update, payloadType, payloadOffset, extension);
        return true;
    }

    private static void WriteChannelUpdate(ArrayBufferWriter<byte> buffer, ReadOnlySpan<byte> update)
    {
        if (update.IsEmpty)
        {
            WriteU16(buffer, 0);
            return;
        }

        int length = ChannelUpdateTypeSize + update.Length;
        if (length > ushort.MaxValue)
        {
            throw new ArgumentException("channel_update does not fit a u16 length.", nameof(update));
        }

        WriteU16(buffer, (ushort)length);
        WriteU16(buffer, ChannelUpdateMessageType);
        buffer.Write(update);
    }

    private static void WriteU16(ArrayBufferWriter<byte> buffer, ushort value)
    {
        BinaryPrimitives.WriteUInt16BigEndian(buffer.GetSpan(sizeof(ushort)), value);
        buffer.Advance(sizeof(ushort));
    }

    private static void WriteU32(ArrayBufferWriter<byte> buffer, uint value)
    {
        BinaryPrimitives.WriteUInt32BigEndian(buffer.GetSpan(sizeof(uint)), value);
        buffer.Advance(sizeof(uint));
    }

    private static void WriteU64(ArrayBufferWriter<byte> buffer, ulong value)
    {
        BinaryPrimitives.WriteUInt64BigEndian(buffer.GetSpan(sizeof(ulong)), value);
        buffer.Advance(sizeof(ulong));
    }

    /// <summary>A bounds-checked cursor over the failuremsg; the first failure is kept in <see cref="Error"/>.</summary>
    private ref struct Reader(ReadOnlySpan<byte> bytes, int position)
    {
        private readonly ReadOnlySpan<byte> _bytes = bytes;

        public int Position { get; private set; } = position;

        public FailureMessageDecodeError Error { get; private set; }

        public bool TryTake(int size, out ReadOnlySpan<byte> value)
        {
            value = default;
            if (_bytes.Length - Position < size)
            {
                Error = new(FailureMessageDecodeErrorReason.DataTruncated, Position);
                return false;
            }

            value = _bytes.Slice(Position, size);
            Position += size;
            return true;
        }

        public bool TryU16(out ushort? value)
        {
            value = TryTake(sizeof(ushort), out ReadOnlySpan<byte> b) ? BinaryPrimitives.ReadUInt16BigEndian(b) : null;
            return value is not null;
        }

        public bool TryU32(out uint? value)
        {
            value = TryTake(sizeof(uint), out ReadOnlySpan<byte> b) ? BinaryPrimitives.ReadUInt32BigEndian(b) : null;
            return value is not null;
        }

        public bool TryU64(out ulong? value)
        {
            value = TryTake(sizeof(ulong), out ReadOnlySpan<byte> b) ? BinaryPrimitives.ReadUInt64BigEndian(b) : null;
            return value is not null;
        }

        public bool TryBigSize(out ulong? value)
        {
            value = null;
            if (BigSize.TryRead(_bytes[Position..], out ulong read, out int consumed) != BigSizeReadStatus.Ok)
            {
                Error = new(FailureMessageDecodeErrorReason.InvalidPayloadType, Position);
                return false;
            }

            value = read;
            Position += consumed;
            return true;
        }

        public bool TryChannelUpdate(out byte[]? update)
        {
            update = null;
            int lengthAt = Position;
            if (!TryU16(out ushort? length))
            {
                return false;
            }

            if (!TryTake(length!.Value, out ReadOnlySpan<byte> body))
            {
                Error = new(FailureMessageDecodeErrorReason.ChannelUpdateLengthPastEnd, lengthAt);
                return false;
            }

            // Strip the historical 0x0102 type prefix. A bare update is exactly the 136-byte body
            // (its signature may start with 0x0102 by chance), so only other lengths can carry the prefix.
            if (body.Length != ChannelUpdateBodySize
                && body.Length >= ChannelUpdateTypeSize
                && BinaryPrimitives.ReadUInt16BigEndian(body) == ChannelUpdateMessageType)
            {
                body = body[ChannelUpdateTypeSize..];
            }

            update = body.IsEmpty ? null : body.ToArray();
            return true;
        }
    }
}
