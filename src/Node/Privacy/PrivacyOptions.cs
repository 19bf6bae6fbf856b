namespace LnRelay.Node.Privacy;

/// <summary>
/// Settings that trade latency for unlinkability (docs/privacy.md, "Mitigations"), all off by
/// default:
/// <list type="bullet">
/// <item><see cref="ForwardDelay"/> + a uniform draw from [0, <see cref="ForwardJitter"/>]: how long a
/// relay holds each forwarded update_add_htlc before it may be written (the switch draws it);</item>
/// <item><see cref="BatchWindow"/>: each peer link writes its updates only at multiples of this
/// window of the clock, so everything decided within one window leaves together (lnd batches
/// commitment updates over a short window the same way);</item>
/// <item><see cref="ShadowCltvMaxBlocks"/>: the payer adds a uniform draw from [0, max] blocks to
/// the final expiry, as eclair and Core Lightning do (a "shadow route" offset, BOLT 7
/// "Recommendations for Routing"), so a hop cannot read its distance to the payee from the
/// expiry it is asked to forward;</item>
/// <item><see cref="FeeNoiseMaxMsat"/>, <see cref="FeeNoiseMaxPpm"/>, <see cref="CltvNoiseMaxBlocks"/>:
/// the payer overpays each relay's fee by a uniform draw from [0, max msat + amount × ppm / 10⁶]
/// and adds a uniform draw from [0, max] blocks to each relay's CLTV delta, so the amount and
/// expiry a relay forwards are no longer exactly the next one's minus its policy. A relay checks
/// fee ≥ its policy's and delta ≥ its cltv_expiry_delta, not equality (BOLT 4 "Accepting and
/// Forwarding a Payment"; BOLT 7 "Recommendations for Routing" lets the payer choose more).</item>
/// </list>
/// Draws come from <see cref="Random"/> (injected; seeded in tests and experiments), under a lock.
/// </summary>
public sealed record PrivacyOptions
{
    private readonly Lock _gate = new();

    public static PrivacyOptions None { get; } = new();

    public TimeSpan ForwardDelay { get; init; }

    public TimeSpan ForwardJitter { get; init; }

    public TimeSpan BatchWindow { get; init; }

    public uint ShadowCltvMaxBlocks { get; init; }

    /// <summary>The fixed part of the most a payer overpays each relay's fee (msat); 0: off.</summary>
    public ulong FeeNoiseMaxMsat { get; init; }

    /// <summary>The part of the most a payer overpays each relay's fee that grows with the amount the relay forwards (millionths); 0: off.</summary>
    public uint FeeNoiseMaxPpm { get; init; }

    /// <summary>The most a payer adds to each relay's CLTV delta (blocks); 0: off.</summary>
    public uint CltvNoiseMaxBlocks { get; init; }

    /// <summary>Whether the payer adds per-hop fee or CLTV noise to its routes.</summary>
    public bool HasHopNoise => FeeNoiseMaxMsat > 0 || FeeNoiseMaxPpm > 0 || CltvNoiseMaxBlocks > 0;

    public Random Random { get; init; } = new();

    /// <summary>The hold for one forwarded HTLC: the delay plus a uniform jitter draw (zero when both are off).</summary>
    public TimeSpan NextForwardDelay()
    {
        if (ForwardJitter <= TimeSpan.Zero)
        {
            return ForwardDelay;
        }

        lock (_gate)
        {
            return ForwardDelay + TimeSpan.FromTicks(Random.NextInt64(ForwardJitter.Ticks + 1));
        }
    }

    /// <summary>Blocks to add to one payment's final expiry: uniform in [0, <see cref="ShadowCltvMaxBlocks"/>].</summary>
    public uint NextShadowCltv()
    {
        if (ShadowCltvMaxBlocks == 0)
        {
            return 0;
        }

        lock (_gate)
        {
            return (uint)Random.NextInt64(ShadowCltvMaxBlocks + 1L);
        }
    }

    /// <summary>
    /// One relay's noise: extra msat on top of its fee (uniform in [0, <see cref="FeeNoiseMaxMsat"/> +
    /// <paramref name="forwardMsat"/> × <see cref="FeeNoiseMaxPpm"/> / 10⁶]) and extra blocks on top of its
    /// delta (uniform in [0, <see cref="CltvNoiseMaxBlocks"/>]). Zero when off.
    /// </summary>
    public (ulong ExtraFeeMsat, uint ExtraDeltaBlocks) NextHopNoise(ulong forwardMsat)
    {
        if (!HasHopNoise)
        {
            return (0, 0);
        }

        var feeMax = checked(FeeNoiseMaxMsat + (forwardMsat / 1_000_000 * FeeNoiseMaxPpm) + (forwardMsat % 1_000_000 * FeeNoiseMaxPpm / 1_000_000));
        lock (_gate)
        {
            var fee = feeMax == 0 ? 0 : (ulong)Random.NextInt64((long)Math.Min(feeMax, long.MaxValue - 1) + 1);
            var delta = CltvNoiseMaxBlocks == 0 ? 0 : (uint)Random.NextInt64(CltvNoiseMaxBlocks + 1L);
            return (fee, delta);
        }
    }

    /// <summary>How long from <paramref name="now"/> to the next multiple of <see cref="BatchWindow"/> on the clock (zero when batching is off).</summary>
    public TimeSpan UntilNextBatch(DateTimeOffset now)
    {
        if (BatchWindow <= TimeSpan.Zero)
        {
            return TimeSpan.Zero;
        }

        var into = now.UtcTicks % BatchWindow.Ticks;
        return into == 0 ? TimeSpan.Zero : TimeSpan.FromTicks(BatchWindow.Ticks - into);
    }
}
