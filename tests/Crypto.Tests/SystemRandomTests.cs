namespace LnRelay.Crypto.Tests;

public sealed class SystemRandomTests
{
    [Fact]
    public void On_linux_the_bytes_come_from_the_kernel()
    {
        SystemRandom.Fill(new byte[32]);
        Assert.Equal(OperatingSystem.IsLinux(), SystemRandom.FromKernel);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(32)]
    [InlineData(256)]
    [InlineData(257)]
    [InlineData(4096)]
    public void Every_byte_is_filled_and_draws_differ(int size)
    {
        // Each draw starts from its own sentinel; a byte the call skipped keeps it in all four. A byte that
        // really drew its four sentinels has a chance of 2^-32, so any such byte means Fill left it alone.
        byte[] sentinels = [0x00, 0xFF, 0x5A, 0xA5];
        var draws = sentinels.Select(s => Draw(size, s)).ToArray();
        var untouched = Enumerable.Range(0, size).Count(i => draws.Select((d, k) => d[i] == sentinels[k]).All(kept => kept));
        Assert.Equal(0, untouched);
        if (size >= 32)
        {
            Assert.NotEqual(draws[0], draws[1]);
        }
    }

    [Fact]
    public void A_megabyte_is_spread_over_every_byte_value()
    {
        var bytes = new byte[1 << 20];
        SystemRandom.Fill(bytes);
        var counts = new int[256];
        foreach (var b in bytes)
        {
            counts[b]++;
        }

        // 4,096 expected per value; a fair source stays within ±12% (about 7.7 standard deviations).
        Assert.All(counts, c => Assert.InRange(c, 3_600, 4_600));
    }

    [Fact]
    public void An_empty_buffer_is_fine()
    {
        SystemRandom.Fill([]);
    }

    private static byte[] Draw(int size, byte sentinel)
    {
        var bytes = new byte[size];
        Array.Fill(bytes, sentinel);
        SystemRandom.Fill(bytes);
        return bytes;
    }
}
