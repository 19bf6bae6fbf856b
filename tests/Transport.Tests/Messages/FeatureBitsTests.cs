using LnRelay.Transport.Messages;

namespace LnRelay.Transport.Tests.Messages;

public sealed class FeatureBitsTests
{
    [Fact]
    public void BitZero_IsTheLeastSignificantBitOfTheLastByte()
    {
        Assert.Equal(new byte[] { 0x01 }, FeatureBits.FromBits(0).Bitmap.ToArray());
        Assert.Equal(new byte[] { 0x01, 0x00 }, FeatureBits.FromBits(8).Bitmap.ToArray());
        Assert.Equal(new byte[] { 0x80, 0x02 }, FeatureBits.FromBits(15, 1).Bitmap.ToArray());
    }

    [Fact]
    public void FromBitmap_DropsLeadingZeroBytes_SoTheFormIsMinimal()
    {
        var bits = FeatureBits.FromBitmap([0x00, 0x00, 0x02, 0x00]);
        Assert.Equal(new byte[] { 0x02, 0x00 }, bits.Bitmap.ToArray());
        Assert.Equal(FeatureBits.FromBits(9), bits);
        Assert.True(FeatureBits.FromBitmap([0x00, 0x00]).IsEmpty);
    }

    [Fact]
    public void IsSetAndSetBits_ReadBackWhatWasSet()
    {
        var bits = FeatureBits.FromBits(0, 9, 14, 37);
        Assert.Equal(new[] { 0, 9, 14, 37 }, bits.SetBits());
        Assert.True(bits.IsSet(37));
        Assert.False(bits.IsSet(36));
        Assert.False(bits.IsSet(1000));
    }

    [Fact]
    public void Union_OrsBitmapsOfDifferentLengths()
    {
        Assert.Equal(FeatureBits.FromBits(1, 8, 17), FeatureBits.FromBits(1).Union(FeatureBits.FromBits(8, 17)));
    }

    [Fact]
    public void Supports_AcceptsEitherBitOfThePair()
    {
        Assert.True(FeatureBits.FromBits(15).Supports(14));
        Assert.True(FeatureBits.FromBits(14).Supports(15));
        Assert.False(FeatureBits.FromBits(16).Supports(14));
    }

    [Fact]
    public void FirstUnknownRequiredBit_IgnoresUnknownOddBits()
    {
        var known = new HashSet<int> { 8, 9 };
        Assert.Null(FeatureBits.FromBits(8, 51).FirstUnknownRequiredBit(known.Contains));
        Assert.Equal(50, FeatureBits.FromBits(8, 50, 51).FirstUnknownRequiredBit(known.Contains));
    }
}
