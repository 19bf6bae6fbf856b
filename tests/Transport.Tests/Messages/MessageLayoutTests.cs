using LnRelay.Transport.Messages;

namespace LnRelay.Transport.Tests.Messages;

/// <summary>Byte-for-byte layouts from BOLT 1 and BOLT 2, written out by hand.</summary>
public sealed class MessageLayoutTests
{
    private static readonly string ChannelHex = new('1', 64);

    [Fact]
    public void Sizes_MatchTheBolts()
    {
        Assert.Equal(1366, MessageSizes.OnionRoutingPacket);
        Assert.Equal(1450, MessageSizes.UpdateAddHtlcFixed);
        Assert.Equal(72, MessageSizes.UpdateFulfillHtlcFixed);
        Assert.Equal(74, MessageSizes.UpdateFailMalformedHtlcFixed);
        Assert.Equal(920, MessageSizes.AttributionData);
        Assert.Equal(65532, MessageSizes.PongBytesLimit);
    }

    [Fact]
    public void Init_WithNoFeatures_IsTheSixByteMinimum()
    {
        Assert.Equal("001000000000", Hex(new InitMessage(FeatureBits.None)));
    }

    [Fact]
    public void Init_WithFeaturesAndNetworks_LaysOutBitmapsThenTlv()
    {
        var chain = Convert.FromHexString("6fe28c0ab6f1b372c1a6a246ae63f74f931e8365e15a089c68d6190000000000");
        var init = new InitMessage(FeatureBits.FromBits(8, 14), [chain], globalFeatures: FeatureBits.FromBits(1));

        // gflen 1, 0x02 (bit 1); flen 2, 0x41 0x00 (bits 14 and 8); TLV type 1 len 32 chain.
        Assert.Equal("0010" + "0001" + "02" + "0002" + "4100" + "0120" + Convert.ToHexStringLower(chain), Hex(init));
    }

    [Fact]
    public void Error_IsChannelIdLengthData()
    {
        Assert.Equal("0011" + ChannelHex + "0002" + "6869", Hex(new ErrorMessage(SampleMessages.Channel, "hi"u8.ToArray())));
        Assert.Equal("0001" + new string('0', 64) + "0000", Hex(new WarningMessage(ChannelId.All, ReadOnlyMemory<byte>.Empty)));
    }

    [Fact]
    public void PingAndPong_AreLengthPrefixedPadding()
    {
        Assert.Equal("0012" + "0004" + "0002" + "0000", Hex(new PingMessage(4, new byte[2])));
        Assert.Equal("0013" + "0004" + "00000000", Hex(PongMessage.Answering(new PingMessage(4))));
    }

    [Fact]
    public void UpdateAddHtlc_FieldsInBolt2Order_PathKeyAsTlvZero()
    {
        var pathKey = SampleMessages.Filled(MessageSizes.Point, 0x02);
        var hex = Hex(SampleMessages.Add(pathKey));
        var expected = "0080" + ChannelHex + "0102030405060708" + "1122334455667788" + new string('2', 64) + "a1b2c3d4"
            + Convert.ToHexStringLower(SampleMessages.Counting(MessageSizes.OnionRoutingPacket))
            + "0021" + Convert.ToHexStringLower(pathKey);
        Assert.Equal(expected, hex);
        Assert.Equal(2 + 1450 + 2 + 33, SampleMessages.Add(pathKey).EncodedLength);
    }

    [Fact]
    public void UpdateFulfillHtlc_AttributionDataIsTlvOneWithBigSizeLength()
    {
        var attribution = SampleMessages.Counting(MessageSizes.AttributionData);
        var message = new UpdateFulfillHtlcMessage(SampleMessages.Channel, 7, SampleMessages.Filled(32, 0x33), attribution);
        var expected = "0082" + ChannelHex + "0000000000000007" + new string('3', 64) + "01" + "fd0398" + Convert.ToHexStringLower(attribution);
        Assert.Equal(expected, Hex(message));
    }

    [Fact]
    public void UpdateFailHtlc_IsChannelIdIdLengthReason()
    {
        var message = new UpdateFailHtlcMessage(SampleMessages.Channel, 9, new byte[] { 0xaa, 0xbb });
        Assert.Equal("0083" + ChannelHex + "0000000000000009" + "0002" + "aabb", Hex(message));
    }

    [Fact]
    public void UpdateFailMalformedHtlc_IsSeventyFourBytesAfterTheType()
    {
        var message = new UpdateFailMalformedHtlcMessage(SampleMessages.Channel, 3, SampleMessages.Filled(32, 0x44), 0xc005);
        Assert.Equal("0087" + ChannelHex + "0000000000000003" + new string('4', 64) + "c005", Hex(message));
        Assert.Equal(2 + 74, message.EncodedLength);
    }

    [Fact]
    public void LinkSync_IsKindThenThreeU64sAfterAnOddExperimentalType()
    {
        var message = new LinkSyncMessage(LinkSyncKind.Ack, 0x0102030405060708, 0x1112131415161718, 42);
        Assert.Equal("8003" + "01" + "0102030405060708" + "1112131415161718" + "000000000000002a", Hex(message));
        Assert.Equal(2 + MessageSizes.LinkSyncFixed, message.EncodedLength);
        Assert.Equal(1, (ushort)MessageType.LinkSync % 2);
        Assert.InRange((ushort)MessageType.LinkSync, 32768, 65535);
    }

    [Fact]
    public void Constructors_RefuseWrongFixedSizes()
    {
        Assert.Throws<ArgumentException>(() => new UpdateAddHtlcMessage(SampleMessages.Channel, 0, 0, new byte[31], 0, new byte[MessageSizes.OnionRoutingPacket]));
        Assert.Throws<ArgumentException>(() => new UpdateAddHtlcMessage(SampleMessages.Channel, 0, 0, new byte[32], 0, new byte[1300]));
        Assert.Throws<ArgumentException>(() => new UpdateFulfillHtlcMessage(SampleMessages.Channel, 0, new byte[32], new byte[919]));
        Assert.Throws<ArgumentException>(() => new ErrorMessage(ChannelId.All, new byte[DiagnosticMessage.MaxDataLength + 1]));
        Assert.Throws<ArgumentException>(() => ChannelId.FromBytes(new byte[31]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LinkSyncMessage((LinkSyncKind)2, 1, 1, 1));
    }

    private static string Hex(LightningMessage message) => Convert.ToHexStringLower(message.Encode());
}
