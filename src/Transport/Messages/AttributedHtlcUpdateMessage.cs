using LnRelay.Wire;

namespace LnRelay.Transport.Messages;

/// <summary>
/// The two removals that may carry BOLT 4 attribution data, <c>update_fulfill_htlc</c> and
/// <c>update_fail_htlc</c> (BOLT 2 "Removing an HTLC"): TLV type 1 <c>attribution_data</c>,
/// 920 bytes of hold times and truncated HMACs for the origin, or absent.
/// </summary>
public abstract class AttributedHtlcUpdateMessage : HtlcUpdateMessage
{
    private protected AttributedHtlcUpdateMessage(ChannelId channelId, ulong htlcId, ReadOnlyMemory<byte>? attributionData)
        : base(channelId, htlcId) =>
        // The cast matters: a bare null would become an empty ReadOnlyMemory (via the array
        // conversion) and the message would carry an empty attribution_data record.
        AttributionData = attributionData is { } data ? Exactly(data, MessageSizes.AttributionData, nameof(attributionData)) : (ReadOnlyMemory<byte>?)null;

    /// <summary><c>attribution_data</c> (920 bytes), or null.</summary>
    public ReadOnlyMemory<byte>? AttributionData { get; }

    private protected override void AddKnownRecords(List<TlvRecordData> records)
    {
        if (AttributionData is { } data)
        {
            records.Add(new TlvRecordData(ExtensionStream.AttributionDataTlvType, data.Span));
        }
    }
}
