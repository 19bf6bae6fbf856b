using System.Buffers.Binary;

namespace LnRelay.Transport.Messages;

/// <summary>
/// Turns one decrypted message into a <see cref="MessageDecodeResult"/> (BOLT 1
/// "Lightning Message Format" receiver rules). Never throws on any input: a known
/// type that is too short or has a bad extension is <see cref="MessageDecodeStatus.Malformed"/>;
/// unknown types are classified odd (ignore) or even (close).
/// </summary>
public static class MessageDecoder
{
    /// <summary>
    /// Decodes <paramref name="message"/> (type first). The payload of a known type is
    /// copied once, so the result stays valid after the caller's buffer is reused (a
    /// connection's receive buffer is only valid until the next receive).
    /// </summary>
    public static MessageDecodeResult Decode(ReadOnlySpan<byte> message)
    {
        if (message.Length < MessageSizes.Type)
        {
            return new MessageDecodeResult(MessageDecodeStatus.Malformed, 0, null, MessageDecodeFailure.MissingType, null);
        }

        var rawType = BinaryPrimitives.ReadUInt16BigEndian(message);
        if (message.Length > MessageSizes.MaxMessage)
        {
            return new MessageDecodeResult(MessageDecodeStatus.Malformed, rawType, null, MessageDecodeFailure.TooLong, null);
        }

        Func<ReadOnlyMemory<byte>, MessageDecodeResult>? decode = (MessageType)rawType switch
        {
            MessageType.Warning => WarningMessage.Decode,
            MessageType.Init => InitMessage.Decode,
            MessageType.Error => ErrorMessage.Decode,
            MessageType.Ping => PingMessage.Decode,
            MessageType.Pong => PongMessage.Decode,
            MessageType.UpdateAddHtlc => UpdateAddHtlcMessage.Decode,
            MessageType.UpdateFulfillHtlc => UpdateFulfillHtlcMessage.Decode,
            MessageType.UpdateFailHtlc => UpdateFailHtlcMessage.Decode,
            MessageType.UpdateFailMalformedHtlc => UpdateFailMalformedHtlcMessage.Decode,
            MessageType.LinkSync => LinkSyncMessage.Decode,
            MessageType.UpdateAddPtlc => UpdateAddPtlcMessage.Decode,
            MessageType.UpdateFulfillPtlc => UpdateFulfillPtlcMessage.Decode,
            _ => null,
        };

        if (decode is null)
        {
            // BOLT 1: "It's OK to be odd".
            var status = rawType % 2 == 1 ? MessageDecodeStatus.UnknownOddType : MessageDecodeStatus.UnknownEvenType;
            return new MessageDecodeResult(status, rawType, null, MessageDecodeFailure.None, null);
        }

        return decode(message[MessageSizes.Type..].ToArray());
    }
}
