using LnRelay.Node.Hosting;
using LnRelay.Node.Privacy;
using Microsoft.Extensions.Configuration;

namespace LnRelay.Node.Tests.Privacy;

/// <summary>The privacy settings (docs/privacy.md): their draws, the batch clock, and how they are configured.</summary>
public sealed class PrivacyOptionsTests
{
    [Fact]
    public void Off_by_default_every_draw_is_zero()
    {
        var none = PrivacyOptions.None;

        Assert.Equal(TimeSpan.Zero, none.NextForwardDelay());
        Assert.Equal(0u, none.NextShadowCltv());
        Assert.Equal(TimeSpan.Zero, none.UntilNextBatch(DateTimeOffset.UnixEpoch.AddMilliseconds(7)));
    }

    [Fact]
    public void Forward_delays_fall_in_delay_plus_jitter_and_a_seed_repeats_them()
    {
        PrivacyOptions Seeded() => new() { ForwardDelay = TimeSpan.FromMilliseconds(20), ForwardJitter = TimeSpan.FromMilliseconds(50), Random = new Random(7) };
        var a = Seeded();
        var draws = Enumerable.Range(0, 2_000).Select(_ => a.NextForwardDelay()).ToList();

        Assert.All(draws, d => Assert.InRange(d, TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(70)));
        // Spread over the range, not one value.
        Assert.True(draws.Min() < TimeSpan.FromMilliseconds(25) && draws.Max() > TimeSpan.FromMilliseconds(65));
        var b = Seeded();
        Assert.Equal(draws, Enumerable.Range(0, 2_000).Select(_ => b.NextForwardDelay()));
    }

    [Fact]
    public void Shadow_offsets_reach_both_ends_of_zero_to_max()
    {
        var options = new PrivacyOptions { ShadowCltvMaxBlocks = 3, Random = new Random(1) };
        var seen = Enumerable.Range(0, 400).Select(_ => options.NextShadowCltv()).ToHashSet();

        Assert.Equal([0u, 1u, 2u, 3u], seen.Order());
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 49)]
    [InlineData(49, 1)]
    [InlineData(50, 0)]
    [InlineData(120, 30)]
    public void Batches_leave_at_multiples_of_the_window_on_the_clock(int atMs, int waitMs)
    {
        var options = new PrivacyOptions { BatchWindow = TimeSpan.FromMilliseconds(50) };

        Assert.Equal(TimeSpan.FromMilliseconds(waitMs), options.UntilNextBatch(DateTimeOffset.UnixEpoch.AddMilliseconds(atMs)));
    }

    [Fact]
    public void Privacy_keys_bind_and_a_bad_one_names_itself()
    {
        var settings = NodeSettings.Bind(Config(("Privacy:ForwardDelayMs", "10"), ("Privacy:ForwardJitterMs", "40"), ("Privacy:BatchWindowMs", "50"), ("Privacy:ShadowCltvMaxBlocks", "144")), out var errors);

        Assert.Empty(errors);
        Assert.Equal(
            (TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(40), TimeSpan.FromMilliseconds(50), 144u),
            (settings!.Privacy.ForwardDelay, settings.Privacy.ForwardJitter, settings.Privacy.BatchWindow, settings.Privacy.ShadowCltvMaxBlocks));

        Assert.Null(NodeSettings.Bind(Config(("Privacy:BatchWindowMs", "soon")), out errors));
        Assert.Contains(errors, e => e.StartsWith("Privacy:BatchWindowMs: 'soon' is not a whole number from 0 to 10000", StringComparison.Ordinal));
    }

    [Fact]
    public void Hop_noise_draws_fall_in_zero_to_max_plus_ppm_and_a_seed_repeats_them()
    {
        PrivacyOptions Seeded() => new() { FeeNoiseMaxMsat = 1_000, FeeNoiseMaxPpm = 100, CltvNoiseMaxBlocks = 6, Random = new Random(3) };
        var a = Seeded();
        var draws = Enumerable.Range(0, 2_000).Select(_ => a.NextHopNoise(10_000_000)).ToList();

        // 1,000 msat + 10,000,000 × 100 / 10⁶ = 2,000 msat at most; 0..6 blocks.
        Assert.All(draws, d => Assert.InRange(d.ExtraFeeMsat, 0UL, 2_000UL));
        Assert.All(draws, d => Assert.InRange(d.ExtraDeltaBlocks, 0u, 6u));
        Assert.True(draws.Min(d => d.ExtraFeeMsat) < 50 && draws.Max(d => d.ExtraFeeMsat) > 1_950);
        Assert.Equal(7, draws.Select(d => d.ExtraDeltaBlocks).Distinct().Count());
        var b = Seeded();
        Assert.Equal(draws, Enumerable.Range(0, 2_000).Select(_ => b.NextHopNoise(10_000_000)));
        Assert.False(PrivacyOptions.None.HasHopNoise);
        Assert.Equal((0UL, 0u), PrivacyOptions.None.NextHopNoise(10_000_000));
    }

    [Fact]
    public void Hop_noise_keys_bind_off_by_default_and_a_bad_one_names_itself()
    {
        var off = NodeSettings.Bind(Config(), out var errors);
        Assert.False(off!.Privacy.HasHopNoise);

        var settings = NodeSettings.Bind(Config(("Privacy:FeeNoiseMaxMsat", "1000"), ("Privacy:FeeNoiseMaxPpm", "100"), ("Privacy:CltvNoiseMaxBlocks", "20")), out errors);
        Assert.Empty(errors);
        Assert.Equal((1_000UL, 100u, 20u), (settings!.Privacy.FeeNoiseMaxMsat, settings.Privacy.FeeNoiseMaxPpm, settings.Privacy.CltvNoiseMaxBlocks));

        Assert.Null(NodeSettings.Bind(Config(("Privacy:CltvNoiseMaxBlocks", "1000")), out errors));
        Assert.Contains(errors, e => e.StartsWith("Privacy:CltvNoiseMaxBlocks: '1000' is not a whole number from 0 to 144", StringComparison.Ordinal));
    }

    private static IConfiguration Config(params (string Key, string Value)[] pairs) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(pairs.Select(p => KeyValuePair.Create(p.Key, (string?)p.Value)).Append(KeyValuePair.Create("DataDir", (string?)"node")))
            .Build();
}
