using LnRelay.Orchestrator.Bench;

namespace LnRelay.Orchestrator.Tests;

/// <summary><c>bench network --parts K</c> (docs/mpp.md): single-part and K-part payments with the same plan, the split forced by the largest part.</summary>
public sealed class BenchPartsOptionTests
{
    [Fact]
    public void Parts_measures_single_part_payments_then_k_part_ones()
    {
        Assert.Equal([1], Options(1).PartCounts);
        Assert.Equal([1, 4], Options(4).PartCounts);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(BenchNetworkOptions.MaxParts + 1)]
    public void Parts_outside_one_to_sixteen_is_refused_with_the_range(int parts)
    {
        var e = Assert.Throws<UsageException>(() => Options(parts));
        Assert.Contains("--parts: from 2 to 16", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void K_parts_cap_the_largest_part_at_the_amount_over_k_rounded_up()
    {
        Assert.Null(BenchPayments.Split(1, 10_000));
        var split = BenchPayments.Split(3, 10_000)!;
        Assert.Equal(3, split.MaxParts);
        Assert.Equal(3_334UL, split.MaxPartMsat);
    }

    [Fact]
    public void K_part_payments_get_channels_for_a_base_fee_per_part()
    {
        Assert.True(BenchTopology.CapacityFor(400_000, 10_000, 4, parts: 4) > BenchTopology.CapacityFor(400_000, 10_000, 4));
    }

    private static BenchNetworkOptions Options(int parts) =>
        BenchNetworkOptions.Create(null, 100, 8, "max", 0, 1, viaApi: false, output: null, json: false, blockEvery: 200, parts: parts);
}
