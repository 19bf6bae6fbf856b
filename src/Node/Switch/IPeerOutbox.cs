using LnRelay.Transport.Messages;

namespace LnRelay.Node.Switch;

/// <summary>
/// Where the switch puts the messages it sends. <see cref="Enqueue"/> must not
/// block and must keep each peer's messages in the order enqueued: the switch calls
/// it under its lock, so the order of decisions is the order on the wire.
/// </summary>
internal interface IPeerOutbox
{
    /// <summary>Whether the peer has a running, resumed session now (the switch fails a forward at once when it does not).</summary>
    bool IsConnected(string peer);

    /// <summary>Whether the peer's init advertised option_route_blinding (feature 24 or 25): a blinded HTLC goes only to such a peer.</summary>
    bool SupportsRouteBlinding(string peer);

    /// <summary>Whether the peer offered lnrelay-experimental point locks at init (docs/ptlc.md); PTLC messages go only to such a peer. Outboxes without init (tests) say yes.</summary>
    bool SupportsPointLocks(string peer) => true;

    /// <summary>
    /// Queues a message for one of the switch's channel peers, to be sent after
    /// <paramref name="delay"/>. An HTLC update is always kept, and a peer that is away
    /// gets it when it returns: the switch has already moved money for it.
    /// </summary>
    void Enqueue(string peer, LightningMessage message, TimeSpan delay = default);
}
