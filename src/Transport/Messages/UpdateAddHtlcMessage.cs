using LnRelay.Wire;

namespace LnRelay.Transport.Messages;

/// <summary>
/// BOLT 2 "Adding an HTLC: <c>update_add_htlc</c>", type 128: <c>channel_id (32) ||
/// id (u64) || amount_msat (u64) || payment_hash (32) || cltv_expiry (u32) ||
/// onion_routing_packet (1366)</c> (1450 bytes) then <c>update_add_htlc_tlvs</c>, which
/// knows type 0 <c>blinded_path</c> holding a 33-byte <c>path_key</c>. The onion is
/// opaque here: Transport does not look inside it (docs/architecture.md, "Layers").
/// </summary>
public sealed class UpdateAddHtlcMessage : HtlcUpdateMessage, IUpdateAddMessage
{
    /// <summary>update_add_htlc_tlvs type 0 (<c>blinded_path</c>).</summary>
    public const ulong PathKeyTlvType = 0;

    /// <summary>Builds the message; <paramref name="pathKey"/> is the 33-byte <c>path_key</c> inside a blinded route, or null.</summary>
    public UpdateAddHtlcMessage(
        ChannelId channelId,
        ulong htlcId,
        ulong amountMsat,
        ReadOnlyMemory<byte> paymentHash,
        uint cltvExpiry,
        ReadOnlyMemory<byte> onionRoutingPacket,
        ReadOnlyMemory<byte>? pathKey = null)
        : base(channelId, htlcId)
    {
        AmountMsat = amountMsat;
        PaymentHash = Exactly(paymentHash, MessageSizes.Sha256, nameof(paymentHash));
        CltvExpiry = cltvExpiry;
        OnionRoutingPacket = Exactly(onionRoutingPacket, MessageSizes.OnionRoutingPacket, nameof(onionRoutingPacket));
        PathKey = pathKey is { } key ? Exactly(key, MessageSizes.Point, nameof(pathKey)) : (ReadOnlyMemory<byte>?)null;
    }

    public override MessageType Type => MessageType.UpdateAddHtlc;

    /// <summary><c>amount_msat</c>.</summary>
    public ulong AmountMsat { get; }

    /// <summary><c>payment_hash</c> (32 bytes), also the onion's associated data.</summary>
    public ReadOnlyMemory<byte> PaymentHash { get; }

    ReadOnlyMemory<byte> IUpdateAddMessage.Lock => PaymentHash;

    /// <summary><c>cltv_expiry</c>: an absolute block height.</summary>
    public uint CltvExpiry { get; }

    /// <summary><c>onion_routing_packet</c> (1366 opaque bytes).</summary>
    public ReadOnlyMemory<byte> OnionRoutingPacket { get; }

    /// <summary>The <c>blinded_path.path_key</c> (33 bytes), or null (a bare <c>null</c> would convert to an empty array, hence the casts). Not checked to be a curve point here; the onion layer parses it.</summary>
    public ReadOnlyMemory<byte>? PathKey { get; }

    private protected override int FixedLength => MessageSizes.UpdateAddHtlcFixed;

    private protected override void WriteFixed(ref WireWriter writer)
    {
        WriteChannelAndId(ref writer);
        writer.WriteU64(AmountMsat);
        writer.WriteBytes(PaymentHash.Span);
        writer.WriteU32(CltvExpiry);
        writer.WriteBytes(OnionRoutingPacket.Span);
    }

    private protected override void AddKnownRecords(List<TlvRecordData> records)
    {
        if (PathKey is { } key)
        {
            records.Add(new TlvRecordData(PathKeyTlvType, key.Span));
        }
    }

    internal static MessageDecodeResult Decode(ReadOnlyMemory<byte> payload)
    {
        var reader = new WireReader(payload);
        if (!TryReadChannelAndId(ref reader, out var channelId, out var htlcId)
            || !reader.TryReadU64(out var amountMsat)
            || !reader.TryReadBytes(MessageSizes.Sha256, out var paymentHash)
            || !reader.TryReadU32(out var cltvExpiry)
            || !reader.TryReadBytes(MessageSizes.OnionRoutingPacket, out var onion))
        {
            return MessageDecodeResult.Malformed(MessageType.UpdateAddHtlc, MessageDecodeFailure.TooShort);
        }

        if (!ExtensionStream.TryReadPathKey(reader.Rest.Span, ExtensionOffset(payload, reader), out var pathKey, out var unknown, out var failure))
        {
            return MessageDecodeResult.BadExtension(MessageType.UpdateAddHtlc, failure);
        }

        return MessageDecodeResult.Ok(new UpdateAddHtlcMessage(channelId, htlcId, amountMsat, paymentHash, cltvExpiry, onion, pathKey)
        {
            UnknownOddRecords = unknown,
        });
    }
}
