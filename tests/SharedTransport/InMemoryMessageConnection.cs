using System.Threading.Channels;
using LnRelay.Crypto;
using LnRelay.Transport.Net;
using LnRelay.Transport.Peers;

namespace LnRelay.Tests.Shared;

/// <summary>
/// Test-only: two ends of an ordered, reliable message pipe with the same
/// semantics the session relies on from <see cref="StsConnection"/> (receive returns
/// null after close; send after close throws <see cref="TransportClosedException"/>).
/// </summary>
internal sealed class InMemoryMessageConnection : IMessageConnection
{
    private readonly Channel<byte[]> _inbound;
    private readonly Channel<byte[]> _outbound;
    private InMemoryMessageConnection? _other;
    private readonly List<byte[]> _queued = [];
    private volatile bool _closed;

    private InMemoryMessageConnection(PublicKey remote, Channel<byte[]> inbound, Channel<byte[]> outbound)
    {
        RemoteNodeId = remote;
        _inbound = inbound;
        _outbound = outbound;
    }

    public PublicKey RemoteNodeId { get; }

    public string? TransportFailureDetail => null;

    public bool IsClosed => _closed;

    public static (InMemoryMessageConnection A, InMemoryMessageConnection B) CreatePair(PublicKey aId, PublicKey bId)
    {
        var toA = Channel.CreateUnbounded<byte[]>();
        var toB = Channel.CreateUnbounded<byte[]>();
        var a = new InMemoryMessageConnection(bId, toA, toB);
        var b = new InMemoryMessageConnection(aId, toB, toA);
        a._other = b;
        b._other = a;
        return (a, b);
    }

    public ValueTask SendAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        if (_closed || !_outbound.Writer.TryWrite(message.ToArray()))
        {
            throw new TransportClosedException(CloseReason.ClosedLocally, null);
        }

        return ValueTask.CompletedTask;
    }

    public int Enqueue(ReadOnlySpan<byte> message)
    {
        if (_closed)
        {
            throw new TransportClosedException(CloseReason.ClosedLocally, null);
        }

        lock (_queued)
        {
            _queued.Add(message.ToArray());
            return _queued.Sum(m => m.Length);
        }
    }

    public async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        byte[][] batch;
        lock (_queued)
        {
            batch = [.. _queued];
            _queued.Clear();
        }

        foreach (var message in batch)
        {
            await SendAsync(message, cancellationToken);
        }
    }

    public async ValueTask<ReadOnlyMemory<byte>?> ReceiveAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await _inbound.Reader.ReadAsync(cancellationToken);
        }
        catch (ChannelClosedException)
        {
            return null;
        }
    }

    public ValueTask CloseAsync(CancellationToken cancellationToken)
    {
        _closed = true;
        // Like TCP: the peer reads what was sent, then the end of the stream; our own receive ends too.
        _outbound.Writer.TryComplete();
        _inbound.Writer.TryComplete();
        if (_other is not null)
        {
            _other._closed = true;
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => CloseAsync(CancellationToken.None);
}
