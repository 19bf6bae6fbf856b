namespace LnRelay.Sphinx.Tests;

public sealed class ShortChannelIdTests
{
    [Theory]
    [InlineData("539268x845x1", "083a8400034d0001")]
    [InlineData("0x0x550", "0000000000000226")]
    [InlineData("0x0x1", "0000000000000001")]
    [InlineData("16777215x16777215x65535", "ffffffffffffffff")]
    public void Text_and_bytes_agree(string text, string hex)
    {
        ShortChannelId scid = ShortChannelId.Parse(text);
        Assert.Equal(hex, Convert.ToHexStringLower(scid.ToBytes()));
        Assert.Equal(scid, ShortChannelId.Read(Convert.FromHexString(hex)));
        Assert.Equal(text, scid.ToString());
        Assert.Equal(Convert.ToUInt64(hex, 16), scid.Value);
        Assert.Equal(scid, ShortChannelId.FromUInt64(scid.Value));
    }

    [Fact]
    public void Fields_come_from_their_bytes()
    {
        var scid = new ShortChannelId(539268, 845, 1);
        Assert.Equal(539268u, scid.BlockHeight);
        Assert.Equal(845u, scid.TxIndex);
        Assert.Equal((ushort)1, scid.OutputIndex);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("1x2")]
    [InlineData("1x2x3x4")]
    [InlineData("16777216x0x0")]
    [InlineData("0x16777216x0")]
    [InlineData("0x0x65536")]
    [InlineData("-1x0x0")]
    [InlineData("+1x0x0")]
    [InlineData(" 1x0x0")]
    [InlineData("1X0X0")]
    [InlineData("1xx0")]
    [InlineData("99999999999999999999x0x0")]
    [InlineData("１x0x0")]
    public void Bad_text_is_refused(string? text)
    {
        Assert.False(ShortChannelId.TryParse(text, out _));
    }

    [Fact]
    public void Constructor_refuses_fields_past_their_limits()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ShortChannelId(ShortChannelId.MaxBlockHeight + 1, 0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ShortChannelId(0, ShortChannelId.MaxTxIndex + 1, 0));
    }

    [Fact]
    public void Equality_and_order_follow_the_u64()
    {
        var a = new ShortChannelId(1, 2, 3);
        var b = new ShortChannelId(1, 2, 4);
        Assert.True(a < b);
        Assert.True(a != b);
        Assert.Equal(a, ShortChannelId.Parse("1x2x3"));
        Assert.Equal(a.GetHashCode(), ShortChannelId.Parse("1x2x3").GetHashCode());
    }

    [Fact]
    public void Read_of_wrong_size_is_a_caller_bug()
    {
        Assert.Throws<ArgumentException>(() => ShortChannelId.Read(new byte[7]));
    }
}
