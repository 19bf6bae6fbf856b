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
    private int _received;
    private volatile string? _dropped;

    public PublicKey RemoteNodeId => inner.RemoteNodeId;

    public string? TransportFailureDetail => _dropped ?? inner.TransportFailureDetail;

    public ValueTask SendAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken) => inner.SendAsync(message, cancellationToken);

    public int Enqueue(ReadOnlySpan<byte> message) => inner.Enqueue(message);

    public ValueTask FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public async ValueTask<ReadOnlyMemory<byte>?> ReceiveAsync(CancellationToken cancellationToken)
    {
        var limit = faults.Current.DropPeerAfterMessages;
        if (limit > 0 && Volatile.Read(ref _received) == limit)
        {
            _dropped = $"dropped by fault injection after {limit} messages (drop_peer_after_messages)";
            await inner.CloseAsync(cancellationToken);
            return null;
        }

        var message = await inner.ReceiveAsync(cancellationToken);
        if (message is not null)
        {
            Interlocked.Increment(ref _received);
        }

        return message;
    }

    public ValueTask CloseAsync(CancellationToken cancellationToken) => inner.CloseAsync(cancellationToken);

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
