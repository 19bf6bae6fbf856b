namespace LnRelay.Transport.Messages;

/// <summary>
/// BOLT 2 "Removing an HTLC", <c>update_fulfill_htlc</c>, type 130: <c>channel_id (32)
/// || id (u64) || payment_preimage (32)</c> (72 bytes) then TLV type 1
/// <c>attribution_data</c> (920 bytes, BOLT 4 hold times and HMACs for the origin).
/// </summary>
public sealed class UpdateFulfillHtlcMessage : AttributedHtlcUpdateMessage
{
    /// <summary>Builds the message; <paramref name="attributionData"/> is 920 bytes, or null to leave the record out.</summary>
    public UpdateFulfillHtlcMessage(ChannelId channelId, ulong htlcId, ReadOnlyMemory<byte> paymentPreimage, ReadOnlyMemory<byte>? attributionData = null)
        : base(channelId, htlcId, attributionData)
    {
        PaymentPreimage = Exactly(paymentPreimage, MessageSizes.PaymentPreimage, nameof(paymentPreimage));
    }

    public override MessageType Type => MessageType.UpdateFulfillHtlc;

    /// <summary><c>payment_preimage</c>: SHA256 of it is the HTLC's <c>payment_hash</c> (the receiver checks that).</summary>
    public ReadOnlyMemory<byte> PaymentPreimage { get; }

    private protected override int FixedLength => MessageSizes.UpdateFulfillHtlcFixed;

    private protected override void WriteFixed(ref WireWriter writer)
    {
        WriteChannelAndId(ref writer);
        writer.WriteBytes(PaymentPreimage.Span);
    }

    internal static MessageDecodeResult Decode(ReadOnlyMemory<byte> payload)
    {
        var reader = new WireReader(payload);
        if (!TryReadChannelAndId(ref reader, out var channelId, out var htlcId)
            || !reader.TryReadBytes(MessageSizes.PaymentPreimage, out var preimage))
        {
            return MessageDecodeResult.Malformed(MessageType.UpdateFulfillHtlc, MessageDecodeFailure.TooShort);
        }

        if (!ExtensionStream.TryReadAttribution(reader.Rest.Span, ExtensionOffset(payload, reader), out var attribution, out var unknown, out var failure))
        {
            return MessageDecodeResult.BadExtension(MessageType.UpdateFulfillHtlc, failure);
        }

        return MessageDecodeResult.Ok(new UpdateFulfillHtlcMessage(channelId, htlcId, preimage, attribution) { UnknownOddRecords = unknown });
    }
}
