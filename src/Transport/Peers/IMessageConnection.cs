using LnRelay.Crypto;
using LnRelay.Transport.Net;

namespace LnRelay.Transport.Peers;

/// <summary>
/// What a <see cref="PeerSession"/> needs from a connection: ordered whole messages
/// each way. <see cref="StsConnection"/> is the real one (through
/// <see cref="StsMessageConnection"/>); a node may wrap it (fault injection), and
/// tests use an in-memory pair.
/// </summary>
public interface IMessageConnection : IAsyncDisposable
{
    PublicKey RemoteNodeId { get; }

    /// <summary>Throws (e.g. <see cref="TransportClosedException"/>) when the connection is gone.</summary>
    ValueTask SendAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken);

    /// <summary>Queues one message behind those queued before, without I/O; returns the bytes queued. Throws when the connection is gone.</summary>
    int Enqueue(ReadOnlySpan<byte> message);

    /// <summary>Sends everything queued, in one write where the connection can. Throws when the connection is gone.</summary>
    ValueTask FlushAsync(CancellationToken cancellationToken);

    /// <summary>The next message (valid until the next call), or null once closed.</summary>
    ValueTask<ReadOnlyMemory<byte>?> ReceiveAsync(CancellationToken cancellationToken);

    /// <summary>Orderly close; a pending receive then returns null.</summary>
    ValueTask CloseAsync(CancellationToken cancellationToken);

    /// <summary>Why the transport ended, for the session's close reason; null while open or after an orderly close.</summary>
    string? TransportFailureDetail { get; }
}

/// <summary>Adapts T's <see cref="StsConnection"/> to <see cref="IMessageConnection"/>.</summary>
public sealed class StsMessageConnection(StsConnection connection) : IMessageConnection
{
    public PublicKey RemoteNodeId => connection.RemoteNodeId;

    public string? TransportFailureDetail => connection.Failure?.ToString();

    public ValueTask SendAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken) => connection.SendAsync(message, cancellationToken);

    public int Enqueue(ReadOnlySpan<byte> message) => connection.Enqueue(message);

    public ValueTask FlushAsync(CancellationToken cancellationToken) => connection.FlushAsync(cancellationToken);

    public ValueTask<ReadOnlyMemory<byte>?> ReceiveAsync(CancellationToken cancellationToken) => connection.ReceiveAsync(cancellationToken);

    public ValueTask CloseAsync(CancellationToken cancellationToken) => connection.CloseAsync(cancellationToken);

    public ValueTask DisposeAsync() => connection.DisposeAsync();
}
