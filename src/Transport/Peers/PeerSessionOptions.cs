using LnRelay.Transport.Messages;

namespace LnRelay.Transport.Peers;

/// <summary>Settings of a <see cref="PeerSession"/>. Defaults suit a node; tests shorten the times.</summary>
public sealed class PeerSessionOptions
{
    /// <summary>The network's name; its <see cref="NetworkChainHash"/> goes in <c>init</c>'s <c>networks</c> and must be in the peer's.</summary>
    public required string NetworkName { get; init; }

    /// <summary>
    /// Features this node sends in <c>init</c>. By default <c>var_onion_optin</c> (8) and
    /// <c>payment_secret</c> (14) as required: BOLT 9 marks both ASSUMED, and this
    /// network only speaks TLV onions with payment secrets.
    /// </summary>
    public FeatureBits LocalFeatures { get; init; } = FeatureBits.FromBits(8, 14);

    /// <summary>
    /// Feature pairs this node implements, named by either bit of the pair. A peer's
    /// even bit outside these fails the connection (BOLT 1); odd bits are ignored.
    /// </summary>
    public IReadOnlySet<int> KnownFeatures { get; init; } = new HashSet<int> { 8, 14, 36, PtlcFeature.Required };

    /// <summary>BOLT 1: how long to wait for the peer's <c>init</c>.</summary>
    public TimeSpan InitTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Keep-alive: a ping is sent this long after the previous pong; <see cref="Timeout.InfiniteTimeSpan"/> turns keep-alive off.</summary>
    public TimeSpan PingInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Keep-alive: how long a ping may go unanswered before the peer is disconnected (BOLT 1 allows it; no channel fails).</summary>
    public TimeSpan PongTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Channel messages (HTLC updates and link_sync) buffered for the consumer; when full, reading from the peer pauses (TCP back-pressure).</summary>
    public int ChannelMessageCapacity { get; init; } = 1024;

    /// <summary>The clock for every deadline here; tests pass a manual one.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Called for every message received, init included, before it is acted on (the CLI prints these). Must not block.</summary>
    public Action<ReceivedMessage>? MessageObserver { get; init; }

    /// <summary>Whether <paramref name="bit"/> belongs to a feature pair in <see cref="KnownFeatures"/>.</summary>
    internal bool IsKnownFeature(int bit) => KnownFeatures.Contains(bit & ~1) || KnownFeatures.Contains(bit | 1);

    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrEmpty(NetworkName);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(InitTimeout, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(PongTimeout, TimeSpan.Zero);
        if (PingInterval != Timeout.InfiniteTimeSpan)
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(PingInterval, TimeSpan.Zero);
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(ChannelMessageCapacity, 1);
    }
}

/// <summary>One message as received: its type, its length (type included), what the decoder made of it, and the message when decoded.</summary>
public readonly record struct ReceivedMessage(ushort RawType, int Length, MessageDecodeStatus Status, LightningMessage? Message);
