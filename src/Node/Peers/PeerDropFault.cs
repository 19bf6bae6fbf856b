using LnRelay.Crypto;
using LnRelay.Node.Switch;
using LnRelay.Transport.Peers;

namespace LnRelay.Node.Peers;

/// <summary>
/// Fault injection on one peer connection: once <see cref="FaultInjectionOptions.DropPeerAfterMessages"/>
/// messages have been received (init and link_sync included), the next receive closes the
/// connection. The session has handed the last message on by then, so an HTLC update among
/// them still reaches the switch before the link notices the drop. Off (0) it only counts.
/// </summary>
internal sealed class PeerDropFault(IMessageConnection inner, FaultInjection faults) : IMessageConnection
{
    // Calls to ReceiveAsync so far; one caller at a time (the session's receive loop).
    private int _calls;
    private volatile string? _dropped;

    public PublicKey RemoteNodeId => inner.RemoteNodeId;

    public string? TransportFailureDetail => _dropped ?? inner.TransportFailureDetail;

    public ValueTask SendAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken) => inner.SendAsync(message, cancellationToken);

    public int Enqueue(ReadOnlySpan<byte> message) => inner.Enqueue(message);

    public ValueTask FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    /// <summary>
    /// Passes the receive straight through (no state machine of its own on the path of every message),
    /// counting calls rather than messages: the session calls again only after a message (it stops at
    /// null, and one that throws ends the session), so every call after the first follows one.
    /// </summary>
    public ValueTask<ReadOnlyMemory<byte>?> ReceiveAsync(CancellationToken cancellationToken)
    {
        // Before the k-th call, k - 1 messages have come.
        var received = _calls;
        _calls = received + 1;
        var limit = faults.Current.DropPeerAfterMessages;
        return limit > 0 && received == limit ? DropAsync(limit, cancellationToken) : inner.ReceiveAsync(cancellationToken);
    }

    private async ValueTask<ReadOnlyMemory<byte>?> DropAsync(int limit, CancellationToken cancellationToken)
    {
        _dropped = $"dropped by fault injection after {limit} messages (drop_peer_after_messages)";
        await inner.CloseAsync(cancellationToken);
        return null;
    }

    public ValueTask CloseAsync(CancellationToken cancellationToken) => inner.CloseAsync(cancellationToken);

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
