namespace LnRelay.Node.Channels;

/// <summary>Which side offered an HTLC, seen from this node.</summary>
internal enum HtlcDirection
{
    /// <summary>This node offered it: its amount left our balance.</summary>
    Offered,

    /// <summary>The peer offered it: its amount left the peer's balance.</summary>
    Received,
}

/// <summary>
/// Told of each change to a <see cref="ChannelState"/> once it is applied, on the thread
/// that made it (the switch, under its lock, so in the order of its decisions). The node's
/// store implements it to keep channels across restarts (docs/store.md).
/// </summary>
internal interface IChannelStateObserver
{
    /// <summary>An HTLC was added; the channel's balances and next ids already count it.</summary>
    void HtlcAdded(ChannelState channel, HtlcDirection direction, Htlc htlc);

    /// <summary>An HTLC was settled or failed; the channel's balances already moved.</summary>
    void HtlcRemoved(ChannelState channel, HtlcDirection direction, Htlc htlc);

    /// <summary>This node's policy for the channel changed.</summary>
    void PolicyChanged(ChannelState channel);
}
