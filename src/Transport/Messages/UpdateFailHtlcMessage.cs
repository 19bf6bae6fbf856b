namespace LnRelay.Transport.Messages;

/// <summary>
/// BOLT 2 "Removing an HTLC", <c>update_fail_htlc</c>, type 131: <c>channel_id (32) ||
/// id (u64) || u16 len || reason</c> then TLV type 1 <c>attribution_data</c> (920
/// bytes). <c>reason</c> is the BOLT 4 return packet, obfuscated for the origin:
/// opaque here.
/// </summary>
public sealed class UpdateFailHtlcMessage : AttributedHtlcUpdateMessage
{
    /// <summary>Builds the message; <paramref name="attributionData"/> is 920 bytes, or null to leave the record out.</summary>
    public UpdateFailHtlcMessage(ChannelId channelId, ulong htlcId, ReadOnlyMemory<byte> reason, ReadOnlyMemory<byte>? attributionData = null)
        : base(channelId, htlcId, attributionData)
    {
        Reason = reason;
        EnsureFits(MessageSizes.UpdateFailHtlcFixed + reason.Length, nameof(reason));
    }

    public override MessageType Type => MessageType.UpdateFailHtlc;

    /// <summary><c>reason</c>: the obfuscated failure packet.</summary>
    public ReadOnlyMemory<byte> Reason { get; }

    private protected override int FixedLength => MessageSizes.UpdateFailHtlcFixed + Reason.Length;

    private protected override void WriteFixed(ref WireWriter writer)
    {
        WriteChannelAndId(ref writer);
        writer.WriteU16Prefixed(Reason.Span);
    }

    internal static MessageDecodeResult Decode(ReadOnlyMemory<byte> payload)
    {
        var reader = new WireReader(payload);
        if (!TryReadChannelAndId(ref reader, out var channelId, out var htlcId)
            || !reader.TryReadU16Prefixed(out var reason))
        {
            return MessageDecodeResult.Malformed(MessageType.UpdateFailHtlc, MessageDecodeFailure.TooShort);
        }

        if (!ExtensionStream.TryReadAttribution(reader.Rest.Span, ExtensionOffset(payload, reader), out var attribution, out var unknown, out var failure))
        {
            return MessageDecodeResult.BadExtension(MessageType.UpdateFailHtlc, failure);
        }

        return MessageDecodeResult.Ok(new UpdateFailHtlcMessage(channelId, htlcId, reason, attribution) { UnknownOddRecords = unknown });
    }
}
