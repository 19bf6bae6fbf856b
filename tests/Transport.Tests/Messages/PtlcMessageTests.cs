using LnRelay.Transport.Messages;
using LnRelay.Transport.Peers;

namespace LnRelay.Transport.Tests.Messages;

/// <summary>
/// The lnrelay-experimental PTLC messages and feature bits (docs/ptlc.md, "Wire numbers"):
/// numbers in BOLT 1's experimental range and even, layouts, and the init rule that refuses
/// a peer requiring the feature when this side does not know it.
/// </summary>
public sealed class PtlcMessageTests
{
    [Fact]
    public void Types_AreEven_AndInTheExperimentalRange()
    {
        foreach (var type in new[] { MessageType.UpdateAddPtlc, MessageType.UpdateFulfillPtlc })
        {
            Assert.InRange((int)type, 32768, 65535);
            Assert.Equal(0, (int)type % 2);
        }

        Assert.Equal(0, PtlcFeature.Required % 2);
        Assert.Equal(PtlcFeature.Required + 1, PtlcFeature.Optional);
    }

    [Fact]
    public void UpdateAddPtlc_IsUpdateAddHtlcWithAPointForTheHash()
    {
        var point = SampleMessages.Filled(MessageSizes.Point, 0x02);
        var encoded = new UpdateAddPtlcMessage(SampleMessages.Channel, 1, 2, point, 3, new byte[MessageSizes.OnionRoutingPacket]).Encode();
        Assert.Equal(MessageSizes.Type + MessageSizes.UpdateAddPtlcFixed, encoded.Length);
        Assert.Equal(MessageSizes.UpdateAddHtlcFixed + 1, MessageSizes.UpdateAddPtlcFixed);

        // The point sits where update_add_htlc has payment_hash: after channel_id, id and amount.
        var offset = MessageSizes.Type + MessageSizes.ChannelId + MessageSizes.HtlcId + MessageSizes.AmountMsat;
        Assert.Equal(point, encoded.AsSpan(offset, MessageSizes.Point).ToArray());
        Assert.Throws<ArgumentException>(() => new UpdateAddPtlcMessage(SampleMessages.Channel, 1, 2, new byte[32], 3, new byte[MessageSizes.OnionRoutingPacket]));
    }

    [Fact]
    public void UpdateFulfillPtlc_DecodesToTheScalar()
    {
        var scalar = SampleMessages.Counting(MessageSizes.PtlcScalar);
        var decoded = MessageDecoder.Decode(new UpdateFulfillPtlcMessage(SampleMessages.Channel, 9, scalar).Encode());
        Assert.Equal(MessageDecodeStatus.Decoded, decoded.Status);
        var fulfill = Assert.IsType<UpdateFulfillPtlcMessage>(decoded.Message);
        Assert.Equal(9ul, fulfill.HtlcId);
        Assert.Equal(scalar, fulfill.Scalar.ToArray());
    }

    [Fact]
    public void APeerRequiringPtlc_IsRefusedAtInit_ByANodeThatDoesNotKnowIt()
    {
        var chain = new byte[MessageSizes.ChainHash];
        var requiring = new InitMessage(FeatureBits.FromBits(8, 14, PtlcFeature.Required));
        var withoutPtlc = new PeerSessionOptions { NetworkName = "regtest", KnownFeatures = new HashSet<int> { 8, 14, 36 } };
        var refusal = InitNegotiation.Check(requiring, withoutPtlc, chain);
        Assert.NotNull(refusal);
        Assert.Equal(PeerCloseReason.UnknownRequiredFeature, refusal.Reason);
        Assert.Contains("314", refusal.Detail, StringComparison.Ordinal);

        Assert.Null(InitNegotiation.Check(requiring, new PeerSessionOptions { NetworkName = "regtest" }, chain));
        Assert.True(PtlcFeature.IsSupportedBy(FeatureBits.FromBits(PtlcFeature.Optional)));
        Assert.False(PtlcFeature.IsSupportedBy(FeatureBits.FromBits(8, 14)));
    }
}
