using System.Text;
using LnRelay.Wire;

namespace LnRelay.Transport.Messages;

/// <summary>
/// The shared layout of BOLT 1 "The <c>error</c> and <c>warning</c> Messages":
/// <c>channel_id (32) || u16 len || data</c>. An all-zero channel id refers to
/// every channel with the peer. <see cref="DataText"/> is the only safe way to show
/// <see cref="Data"/>: BOLT 1 forbids printing it verbatim unless printable ASCII.
/// </summary>
public abstract class DiagnosticMessage : LightningMessage
{
    /// <summary>The most <c>data</c> one message can carry.</summary>
    public const int MaxDataLength = MessageSizes.MaxPayload - MessageSizes.ErrorFixed;

    private protected DiagnosticMessage(ChannelId channelId, ReadOnlyMemory<byte> data)
    {
        ChannelId = channelId;
        Data = data;
        EnsureFits(MessageSizes.ErrorFixed + data.Length, nameof(data));
    }

    /// <summary>The channel concerned, or <see cref="ChannelId.All"/>.</summary>
    public ChannelId ChannelId { get; }

    /// <summary>The raw <c>data</c> bytes as the peer sent them.</summary>
    public ReadOnlyMemory<byte> Data { get; }

    /// <summary><see cref="Data"/> rendered safely (<see cref="PrintableText.Render"/>).</summary>
    public string DataText => PrintableText.Render(Data.Span);

    private protected override int FixedLength => MessageSizes.ErrorFixed + Data.Length;

    /// <summary>
    /// ASCII bytes for <c>data</c>, with anything outside printable ASCII replaced by
    /// '?' and cut to <see cref="MaxDataLength"/>, so that what this node sends is
    /// always safe for the peer to print.
    /// </summary>
    private protected static byte[] AsciiData(string text)
    {
        var bytes = Encoding.ASCII.GetBytes(text.Length <= MaxDataLength ? text : text[..MaxDataLength]);
        for (var i = 0; i < bytes.Length; i++)
        {
            if (!PrintableText.IsPrintableAscii(bytes.AsSpan(i, 1)))
            {
                bytes[i] = (byte)'?';
            }
        }

        return bytes;
    }

    private protected override void WriteFixed(ref WireWriter writer)
    {
        writer.WriteBytes(ChannelId.Span);
        writer.WriteU16Prefixed(Data.Span);
    }

    /// <summary>Reads the shared layout; the factory builds the concrete message.</summary>
    private protected static MessageDecodeResult Decode(
        MessageType type,
        ReadOnlyMemory<byte> payload,
        Func<ChannelId, ReadOnlyMemory<byte>, IReadOnlyList<TlvRecordData>, DiagnosticMessage> create)
    {
        var reader = new WireReader(payload);
        if (!reader.TryReadBytes(MessageSizes.ChannelId, out var channelId) || !reader.TryReadU16Prefixed(out var data))
        {
            return MessageDecodeResult.Malformed(type, MessageDecodeFailure.TooShort);
        }

        if (!ExtensionStream.TryReadUnknownOnly(reader.Rest.Span, MessageSizes.Type + payload.Length - reader.RemainingLength, out var unknown, out var failure))
        {
            return MessageDecodeResult.BadExtension(type, failure);
        }

        return MessageDecodeResult.Ok(create(ChannelId.FromBytes(channelId.Span), data, unknown));
    }
}
