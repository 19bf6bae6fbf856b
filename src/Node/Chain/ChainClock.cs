using LnRelay.Node.Channels;

namespace LnRelay.Node.Chain;

/// <summary>
/// The simulated chain's schedule: from <see cref="StartHeight"/> at <see cref="StartedAt"/>,
/// one block every <see cref="BlockInterval"/>. Every node of a network reads the same
/// schedule from network.json, so they agree on the height without talking to each other
/// (as nodes following one chain do), and a node that restarts finds the height where the
/// others are. Pure: the caller brings the time.
/// </summary>
internal sealed record ChainClock
{
    /// <summary>A day: far slower would not move within a session; the field is in seconds.</summary>
    public const uint MaxBlockIntervalSeconds = 86_400;

    public ChainClock(uint startHeight, DateTimeOffset startedAt, TimeSpan blockInterval)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(blockInterval, TimeSpan.Zero);
        StartHeight = startHeight;
        StartedAt = startedAt;
        BlockInterval = blockInterval;
    }

    public uint StartHeight { get; }

    public DateTimeOffset StartedAt { get; }

    public TimeSpan BlockInterval { get; }

    /// <summary>BOLT 2: a cltv_expiry of 500,000,000 or more is a time, not a height; the chain stops below it.</summary>
    public const uint MaxHeight = ChannelState.MaxCltvExpiry - 1;

    /// <summary>The height at <paramref name="now"/>: the start height before the start, never past <see cref="MaxHeight"/>.</summary>
    public uint HeightAt(DateTimeOffset now) => (uint)Math.Min(Math.Max(StartHeight, MaxHeight), StartHeight + BlocksAt(now));

    /// <summary>When the block after the one current at <paramref name="now"/> is found.</summary>
    public DateTimeOffset NextBlockAfter(DateTimeOffset now) => StartedAt + TimeSpan.FromTicks((BlocksAt(now) + 1) * BlockInterval.Ticks);

    /// <summary>Whole intervals since the start; none before it.</summary>
    private long BlocksAt(DateTimeOffset now) => now <= StartedAt ? 0 : (now - StartedAt).Ticks / BlockInterval.Ticks;
}
