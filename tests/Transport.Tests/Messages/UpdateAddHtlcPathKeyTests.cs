using LnRelay.Transport.Messages;

namespace LnRelay.Transport.Tests.Messages;

/// <summary>
/// <c>update_add_htlc</c>'s TLV 0 <c>blinded_path.path_key</c> (BOLT 2 "Adding an HTLC"), with
/// a path key from bolts' blinded-payment-onion-test.json (the one Bob sends Carol), and the
/// <c>option_route_blinding</c> feature bits (BOLT 9).
/// </summary>
public sealed class UpdateAddHtlcPathKeyTests
{
    private static readonly byte[] CarolsPathKey = Convert.FromHexString("034e09f450a80c3d252b258aba0a61215bf60dda3b0dc78ffb0736ea1259dfd8a0");

    [Fact]
    public void PathKey_RoundTripsAsTlvZeroAfterTheOnion()
    {
        var encoded = SampleMessages.Add(CarolsPathKey).Encode();
        Assert.Equal(Convert.FromHexString("0021" + "034e09f450a80c3d252b258aba0a61215bf60dda3b0dc78ffb0736ea1259dfd8a0"), encoded[^35..]);

        var decoded = Assert.IsType<UpdateAddHtlcMessage>(MessageDecoder.Decode(encoded).Message);
        Assert.Equal(CarolsPathKey, decoded.PathKey!.Value.ToArray());
        Assert.Equal(encoded, decoded.Encode());
    }

    [Fact]
    public void NoPathKey_WritesNoRecordAndDecodesAsNull()
    {
        var encoded = SampleMessages.Add().Encode();
        Assert.Equal(2 + MessageSizes.UpdateAddHtlcFixed, encoded.Length);
        var decoded = Assert.IsType<UpdateAddHtlcMessage>(MessageDecoder.Decode(encoded).Message);
        Assert.Null(decoded.PathKey);
    }

    [Fact]
    public void PathKey_OfWrongLength_IsRefusedAtConstruction()
    {
        Assert.Throws<ArgumentException>(() => SampleMessages.Add(CarolsPathKey.AsMemory(0, 32)));
    }

    [Fact]
    public void PathKey_BesideAnUnknownOddRecord_KeepsBoth()
    {
        var encoded = SampleMessages.Add(CarolsPathKey).Encode().Concat(new byte[] { 0x05, 0x01, 0xaa }).ToArray();
        var decoded = Assert.IsType<UpdateAddHtlcMessage>(MessageDecoder.Decode(encoded).Message);
        Assert.Equal(CarolsPathKey, decoded.PathKey!.Value.ToArray());
        Assert.Equal(encoded, decoded.Encode());
    }

    [Fact]
    public void RouteBlindingFeature_IsBits24And25()
    {
        Assert.Equal((24, 25), (RouteBlindingFeature.Required, RouteBlindingFeature.Optional));
        Assert.True(RouteBlindingFeature.IsSupportedBy(FeatureBits.FromBits(8, 25)));
        Assert.True(RouteBlindingFeature.IsSupportedBy(FeatureBits.FromBits(24)));
        Assert.False(RouteBlindingFeature.IsSupportedBy(FeatureBits.FromBits(8, 14)));
        Assert.Equal(Convert.FromHexString("02000000"), FeatureBits.FromBits(RouteBlindingFeature.Optional).Bitmap.ToArray());
    }
}
