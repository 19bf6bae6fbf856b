namespace LnRelay.Wire.Tests;

public sealed class TruncatedIntTests
{
    [Theory]
    [InlineData(0UL, "")]
    [InlineData(1UL, "01")]
    [InlineData(255UL, "ff")]
    [InlineData(256UL, "0100")]
    [InlineData(0x1d24b2dfac520000UL, "1d24b2dfac520000")]
    [InlineData(ulong.MaxValue, "ffffffffffffffff")]
    public void Tu64_encodes_minimally_and_round_trips(ulong value, string hex)
    {
        var buffer = new byte[8];
        int size = TruncatedInt.Write(value, buffer);
        Assert.Equal(hex, Convert.ToHexStringLower(buffer.AsSpan(0, size)));
        Assert.Equal(size, TruncatedInt.SizeOf(value));
        Assert.Equal(TruncatedIntReadStatus.Ok, TruncatedInt.TryReadTu64(buffer.AsSpan(0, size), out ulong decoded));
        Assert.Equal(value, decoded);
    }

    [Fact]
    public void Leading_zero_is_not_minimal()
    {
        Assert.Equal(TruncatedIntReadStatus.NotMinimal, TruncatedInt.TryReadTu64([0x00], out _));
        Assert.Equal(TruncatedIntReadStatus.NotMinimal, TruncatedInt.TryReadTu32([0x00, 0x01], out _));
        Assert.Equal(TruncatedIntReadStatus.NotMinimal, TruncatedInt.TryReadTu16([0x00, 0x01], out _));
    }

    [Fact]
    public void Too_many_bytes_for_the_type_is_too_long()
    {
        Assert.Equal(TruncatedIntReadStatus.TooLong, TruncatedInt.TryReadTu64(new byte[9], out _));
        Assert.Equal(TruncatedIntReadStatus.TooLong, TruncatedInt.TryReadTu32([1, 0, 0, 0, 0], out _));
        Assert.Equal(TruncatedIntReadStatus.TooLong, TruncatedInt.TryReadTu16([1, 0, 0], out _));
    }

    [Fact]
    public void Tu32_and_tu16_read_their_full_range()
    {
        Assert.Equal(TruncatedIntReadStatus.Ok, TruncatedInt.TryReadTu32([0xff, 0xff, 0xff, 0xff], out uint u32));
        Assert.Equal(uint.MaxValue, u32);
        Assert.Equal(TruncatedIntReadStatus.Ok, TruncatedInt.TryReadTu16([0xff, 0xff], out ushort u16));
        Assert.Equal(ushort.MaxValue, u16);
    }
}
