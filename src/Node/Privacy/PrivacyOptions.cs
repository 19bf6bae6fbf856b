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
/// expiry it is asked to forward.</item>
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
