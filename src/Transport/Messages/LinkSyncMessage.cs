namespace LnRelay.Transport.Messages;

/// <summary>What a <see cref="LinkSyncMessage"/> is for.</summary>
public enum LinkSyncKind : byte
{
    /// <summary>The first message after <c>init</c> on every connection: "this is how much of your HTLC traffic I have".</summary>
    Resume = 0,

    /// <summary>Sent every so often while connected, so the sender can forget what has arrived.</summary>
    Ack = 1,
}

/// <summary>
/// lnrelay's <c>link_sync</c>, type 32771 (odd, BOLT 1's experimental range):
/// <c>kind (u8) || sender_epoch (u64) || seen_epoch (u64) || received_count (u64)</c>.
/// <para>
/// Why it exists: BOLT 2 makes HTLC updates survive a reconnect through commitment
/// numbers and <c>channel_reestablish</c> ("Message Retransmission"): updates the peer
/// has not acknowledged are sent again. This simulation has no commitment transactions,
/// so it keeps the same promise per peer link instead: both ends count the HTLC update
/// messages (<c>update_add_htlc</c>, <c>update_fulfill_htlc</c>, <c>update_fail_htlc</c>,
/// <c>update_fail_malformed_htlc</c>) the other has sent them, and after every
/// reconnect each tells the other its count, so exactly the updates that were lost on
/// the old connection are sent again, in order, and none twice.
/// </para>
/// <para>
/// <see cref="SenderEpoch"/> names the sender's incarnation (a random number per
/// process); <see cref="SeenEpoch"/> is the peer incarnation whose messages
/// <see cref="ReceivedCount"/> counts (0 when none yet). A count about another
/// incarnation (the peer restarted) counts nothing.
/// </para>
/// </summary>
public sealed class LinkSyncMessage : LightningMessage
{
    public LinkSyncMessage(LinkSyncKind kind, ulong senderEpoch, ulong seenEpoch, ulong receivedCount)
    {
        if (kind is not (LinkSyncKind.Resume or LinkSyncKind.Ack))
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "A link_sync is a resume or an ack.");
        }

        Kind = kind;
        SenderEpoch = senderEpoch;
        SeenEpoch = seenEpoch;
        ReceivedCount = receivedCount;
    }

    public override MessageType Type => MessageType.LinkSync;

    /// <summary><c>kind</c>.</summary>
    public LinkSyncKind Kind { get; }

    /// <summary><c>sender_epoch</c>: the sender's incarnation.</summary>
    public ulong SenderEpoch { get; }

    /// <summary><c>seen_epoch</c>: the receiver's incarnation the count is about (0: none).</summary>
    public ulong SeenEpoch { get; }

    /// <summary><c>received_count</c>: how many HTLC updates from that incarnation the sender has taken in.</summary>
    public ulong ReceivedCount { get; }

    private protected override int FixedLength => MessageSizes.LinkSyncFixed;

    private protected override void WriteFixed(ref WireWriter writer)
    {
        writer.WriteU8((byte)Kind);
        writer.WriteU64(SenderEpoch);
        writer.WriteU64(SeenEpoch);
        writer.WriteU64(ReceivedCount);
    }

    internal static MessageDecodeResult Decode(ReadOnlyMemory<byte> payload)
    {
        var reader = new WireReader(payload);
        if (!reader.TryReadU8(out var kind)
            || !reader.TryReadU64(out var senderEpoch)
            || !reader.TryReadU64(out var seenEpoch)
            || !reader.TryReadU64(out var receivedCount))
        {
            return MessageDecodeResult.Malformed(MessageType.LinkSync, MessageDecodeFailure.TooShort);
        }

        if ((LinkSyncKind)kind is not (LinkSyncKind.Resume or LinkSyncKind.Ack))
        {
            return MessageDecodeResult.Malformed(MessageType.LinkSync, MessageDecodeFailure.UnknownLinkSyncKind);
        }

        if (!ExtensionStream.TryReadUnknownOnly(reader.Rest.Span, MessageSizes.Type + payload.Length - reader.RemainingLength, out var unknown, out var failure))
        {
            return MessageDecodeResult.BadExtension(MessageType.LinkSync, failure);
        }

        return MessageDecodeResult.Ok(new LinkSyncMessage((LinkSyncKind)kind, senderEpoch, seenEpoch, receivedCount) { UnknownOddRecords = unknown });
    }
}
