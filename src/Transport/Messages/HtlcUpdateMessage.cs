namespace LnRelay.Transport.Messages;

/// <summary>
/// The BOLT 2 HTLC update messages a peer session delivers upward
/// (<see cref="UpdateAddHtlcMessage"/>, <see cref="UpdateFulfillHtlcMessage"/>,
/// <see cref="UpdateFailHtlcMessage"/>, <see cref="UpdateFailMalformedHtlcMessage"/>).
/// Each starts with <c>channel_id (32) || id (u64)</c>; the id is the one assigned by
/// the side that offered the HTLC (BOLT 2 "Adding an HTLC", "Removing an HTLC").
/// </summary>
public abstract class HtlcUpdateMessage : LightningMessage
{
    private protected HtlcUpdateMessage(ChannelId channelId, ulong htlcId)
    {
        ChannelId = channelId;
        HtlcId = htlcId;
    }

    /// <summary><c>channel_id</c>.</summary>
    public ChannelId ChannelId { get; }

    /// <summary><c>id</c>: the offering side's HTLC counter.</summary>
    public ulong HtlcId { get; }

    private protected void WriteChannelAndId(ref WireWriter writer)
    {
        writer.WriteBytes(ChannelId.Span);
        writer.WriteU64(HtlcId);
    }

    /// <summary>Reads <c>channel_id || id</c>; false when too short.</summary>
    private protected static bool TryReadChannelAndId(ref WireReader reader, out ChannelId channelId, out ulong htlcId)
    {
        channelId = ChannelId.All;
        htlcId = 0;
        if (!reader.TryReadBytes(MessageSizes.ChannelId, out var id) || !reader.TryReadU64(out htlcId))
        {
            return false;
        }

        channelId = ChannelId.FromBytes(id.Span);
        return true;
    }

    /// <summary>Where the extension stream starts in the whole message, for TLV failure offsets.</summary>
    private protected static int ExtensionOffset(ReadOnlyMemory<byte> payload, in WireReader reader) =>
        MessageSizes.Type + payload.Length - reader.RemainingLength;
}
