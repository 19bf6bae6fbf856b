using LnRelay.Wire;

namespace LnRelay.Transport.Messages;

/// <summary>
/// lnrelay-experimental <c>update_add_ptlc</c>, type 41018 (docs/ptlc.md, "Wire numbers"):
/// <c>channel_id (32) || id (u64) || amount_msat (u64) || lock_point (33) || cltv_expiry (u32) ||
/// onion_routing_packet (1366)</c> (1451 bytes) then the TLV stream of <c>update_add_htlc</c>
/// (type 0 <c>path_key</c>). The <c>id</c> is the channel's HTLC counter, shared with
/// <c>update_add_htlc</c>; failures are <c>update_fail_htlc</c> and
/// <c>update_fail_malformed_htlc</c> unchanged. A new message rather than a TLV on
/// <c>update_add_htlc</c>: that message's fixed 32-byte <c>payment_hash</c> would have to carry a
/// dummy value, and a peer unaware of the TLV could treat the HTLC as hash-locked. The point is
/// not parsed here (the switch does); the onion stays opaque.
/// </summary>
public sealed class UpdateAddPtlcMessage : HtlcUpdateMessage, IUpdateAddMessage
{
    public UpdateAddPtlcMessage(
        ChannelId channelId,
        ulong htlcId,
        ulong amountMsat,
        ReadOnlyMemory<byte> lockPoint,
        uint cltvExpiry,
        ReadOnlyMemory<byte> onionRoutingPacket,
        ReadOnlyMemory<byte>? pathKey = null)
        : base(channelId, htlcId)
    {
        AmountMsat = amountMsat;
        LockPoint = Exactly(lockPoint, MessageSizes.Point, nameof(lockPoint));
        CltvExpiry = cltvExpiry;
        OnionRoutingPacket = Exactly(onionRoutingPacket, MessageSizes.OnionRoutingPacket, nameof(onionRoutingPacket));
        PathKey = pathKey is { } key ? Exactly(key, MessageSizes.Point, nameof(pathKey)) : (ReadOnlyMemory<byte>?)null;
    }

    public override MessageType Type => MessageType.UpdateAddPtlc;

    /// <summary><c>amount_msat</c>.</summary>
    public ulong AmountMsat { get; }

    /// <summary><c>lock_point</c> (33 bytes, compressed): the HTLC opens with the scalar s for which s·G is this point. Also the onion's associated data.</summary>
    public ReadOnlyMemory<byte> LockPoint { get; }

    ReadOnlyMemory<byte> IUpdateAddMessage.Lock => LockPoint;

    /// <summary><c>cltv_expiry</c>: an absolute block height.</summary>
    public uint CltvExpiry { get; }

    /// <summary><c>onion_routing_packet</c> (1366 opaque bytes).</summary>
    public ReadOnlyMemory<byte> OnionRoutingPacket { get; }

    /// <summary>The <c>blinded_path.path_key</c> (33 bytes), or null.</summary>
    public ReadOnlyMemory<byte>? PathKey { get; }

    private protected override int FixedLength => MessageSizes.UpdateAddPtlcFixed;

    private protected override void WriteFixed(ref WireWriter writer)
    {
        WriteChannelAndId(ref writer);
        writer.WriteU64(AmountMsat);
        writer.WriteBytes(LockPoint.Span);
        writer.WriteU32(CltvExpiry);
        writer.WriteBytes(OnionRoutingPacket.Span);
    }

    private protected override void AddKnownRecords(List<TlvRecordData> records)
    {
        if (PathKey is { } key)
        {
            records.Add(new TlvRecordData(UpdateAddHtlcMessage.PathKeyTlvType, key.Span));
        }
    }

    internal static MessageDecodeResult Decode(ReadOnlyMemory<byte> payload)
    {
        var reader = new WireReader(payload);
        if (!TryReadChannelAndId(ref reader, out var channelId, out var htlcId)
            || !reader.TryReadU64(out var amountMsat)
            || !reader.TryReadBytes(MessageSizes.Point, out var lockPoint)
            || !reader.TryReadU32(out var cltvExpiry)
            || !reader.TryReadBytes(MessageSizes.OnionRoutingPacket, out var onion))
        {
            return MessageDecodeResult.Malformed(MessageType.UpdateAddPtlc, MessageDecodeFailure.TooShort);
        }

        if (!ExtensionStream.TryReadPathKey(reader.Rest.Span, ExtensionOffset(payload, reader), out var pathKey, out var unknown, out var failure))
        {
            return MessageDecodeResult.BadExtension(MessageType.UpdateAddPtlc, failure);
        }

        return MessageDecodeResult.Ok(new UpdateAddPtlcMessage(channelId, htlcId, amountMsat, lockPoint, cltvExpiry, onion, pathKey)
        {
            UnknownOddRecords = unknown,
        });
    }
}
