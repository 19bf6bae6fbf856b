namespace LnRelay.Transport.Messages;

/// <summary>
/// lnrelay-experimental <c>update_fulfill_ptlc</c>, type 41020 (docs/ptlc.md, "Wire numbers"):
/// <c>channel_id (32) || id (u64) || scalar (32)</c> (72 bytes) then the TLV stream of
/// <c>update_fulfill_htlc</c> (type 1 <c>attribution_data</c>). The receiver checks that
/// scalar·G is the PTLC's lock point (the switch does; a mismatch is a protocol violation, as a
/// wrong preimage is in BOLT 2).
/// </summary>
public sealed class UpdateFulfillPtlcMessage : AttributedHtlcUpdateMessage
{
    public UpdateFulfillPtlcMessage(ChannelId channelId, ulong htlcId, ReadOnlyMemory<byte> scalar, ReadOnlyMemory<byte>? attributionData = null)
        : base(channelId, htlcId, attributionData)
    {
        Scalar = Exactly(scalar, MessageSizes.PtlcScalar, nameof(scalar));
    }

    public override MessageType Type => MessageType.UpdateFulfillPtlc;

    /// <summary><c>scalar</c>: opens the PTLC's lock point.</summary>
    public ReadOnlyMemory<byte> Scalar { get; }

    private protected override int FixedLength => MessageSizes.UpdateFulfillPtlcFixed;

    private protected override void WriteFixed(ref WireWriter writer)
    {
        WriteChannelAndId(ref writer);
        writer.WriteBytes(Scalar.Span);
    }

    internal static MessageDecodeResult Decode(ReadOnlyMemory<byte> payload)
    {
        var reader = new WireReader(payload);
        if (!TryReadChannelAndId(ref reader, out var channelId, out var htlcId)
            || !reader.TryReadBytes(MessageSizes.PtlcScalar, out var scalar))
        {
            return MessageDecodeResult.Malformed(MessageType.UpdateFulfillPtlc, MessageDecodeFailure.TooShort);
        }

        if (!ExtensionStream.TryReadAttribution(reader.Rest.Span, ExtensionOffset(payload, reader), out var attribution, out var unknown, out var failure))
        {
            return MessageDecodeResult.BadExtension(MessageType.UpdateFulfillPtlc, failure);
        }

        return MessageDecodeResult.Ok(new UpdateFulfillPtlcMessage(channelId, htlcId, scalar, attribution) { UnknownOddRecords = unknown });
    }
}
