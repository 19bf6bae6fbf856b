using LnRelay.Transport.Messages;
using LnRelay.Wire;

namespace LnRelay.Transport.Tests.Messages;

/// <summary>One or more instances of every message type, with and without extension records, for round-trip and truncation tests.</summary>
internal static class SampleMessages
{
    public static ChannelId Channel { get; } = ChannelId.FromBytes(Filled(MessageSizes.ChannelId, 0x11));

    public static byte[] Filled(int length, byte value)
    {
        var bytes = new byte[length];
        Array.Fill(bytes, value);
        return bytes;
    }

    public static byte[] Counting(int length)
    {
        var bytes = new byte[length];
        for (var i = 0; i < length; i++)
        {
            bytes[i] = (byte)i;
        }

        return bytes;
    }

    public static UpdateAddHtlcMessage Add(ReadOnlyMemory<byte>? pathKey = null) =>
        new(Channel, 0x0102030405060708, 0x1122334455667788, Filled(MessageSizes.Sha256, 0x22), 0xa1b2c3d4, Counting(MessageSizes.OnionRoutingPacket), pathKey);

    public static TheoryData<string, LightningMessage> All() => new()
    {
        { "init empty", new InitMessage(FeatureBits.None) },
        { "init features", new InitMessage(FeatureBits.FromBits(8, 14, 17), globalFeatures: FeatureBits.FromBits(1)) },
        { "init networks", new InitMessage(FeatureBits.FromBits(9), [Filled(MessageSizes.ChainHash, 0x6f), Filled(MessageSizes.ChainHash, 0x43)], new byte[] { 1, 127, 0, 0, 1, 0x26, 0x07 }) },
        { "init unknown odd tlv", new InitMessage(FeatureBits.None) { UnknownOddRecords = [new TlvRecordData(0xc9, [0x2a])] } },
        { "error", new ErrorMessage(Channel, "channel failed"u8.ToArray()) },
        { "error all channels empty data", new ErrorMessage(ChannelId.All, ReadOnlyMemory<byte>.Empty) },
        { "warning", WarningMessage.FromText(ChannelId.All, "fee too low") },
        { "ping", new PingMessage(10, new byte[3]) },
        { "ping no padding", new PingMessage(0) },
        { "pong", new PongMessage(new byte[10]) },
        { "pong empty", new PongMessage() },
        { "update_add_htlc", Add() },
        { "update_add_htlc path_key", Add(Filled(MessageSizes.Point, 0x02)) },
        { "update_fulfill_htlc", new UpdateFulfillHtlcMessage(Channel, 7, Filled(MessageSizes.PaymentPreimage, 0x33)) },
        { "update_fulfill_htlc attribution", new UpdateFulfillHtlcMessage(Channel, 7, Filled(MessageSizes.PaymentPreimage, 0x33), Counting(MessageSizes.AttributionData)) },
        { "update_fail_htlc", new UpdateFailHtlcMessage(Channel, 9, Counting(292)) },
        { "update_fail_htlc attribution", new UpdateFailHtlcMessage(Channel, 9, Counting(1060), Counting(MessageSizes.AttributionData)) },
        { "update_fail_malformed_htlc", new UpdateFailMalformedHtlcMessage(Channel, 3, Filled(MessageSizes.Sha256, 0x44), 0xc005) },
        { "update_add_ptlc", new UpdateAddPtlcMessage(Channel, 5, 0x1122334455667788, Filled(MessageSizes.Point, 0x03), 0xa1b2c3d4, Counting(MessageSizes.OnionRoutingPacket)) },
        { "update_add_ptlc path_key", new UpdateAddPtlcMessage(Channel, 5, 1, Filled(MessageSizes.Point, 0x03), 2, Counting(MessageSizes.OnionRoutingPacket), Filled(MessageSizes.Point, 0x02)) },
        { "update_fulfill_ptlc", new UpdateFulfillPtlcMessage(Channel, 5, Filled(MessageSizes.PtlcScalar, 0x55)) },
        { "update_fulfill_ptlc attribution", new UpdateFulfillPtlcMessage(Channel, 5, Filled(MessageSizes.PtlcScalar, 0x55), Counting(MessageSizes.AttributionData)) },
        { "link_sync resume", new LinkSyncMessage(LinkSyncKind.Resume, 0x0102030405060708, 0, 0) },
        { "link_sync ack", new LinkSyncMessage(LinkSyncKind.Ack, 1, 2, ulong.MaxValue) },
    };
}
