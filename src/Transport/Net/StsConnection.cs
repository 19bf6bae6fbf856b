using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using LnRelay.Crypto;
using LnRelay.Transport.Framing;
using Microsoft.Extensions.Logging;

namespace LnRelay.Transport.Net;

/// <summary>
/// An authenticated, encrypted connection to one peer after a completed STS
/// handshake: ordered BOLT 1 messages of 2..65535 bytes each way
/// (docs/transport.md "Messages after the handshake").
/// <list type="bullet">
/// <item><see cref="SendAsync"/> may be called concurrently (sends are serialised).
/// It completes when the frame is in the kernel's send buffer, so a peer that stops
/// reading stalls the sender instead of growing memory (back-pressure).</item>
/// <item>Frames written close together go out in one send: <see cref="Enqueue"/>
/// encrypts a message into the connection's send buffer without any I/O, and
/// <see cref="FlushAsync"/> sends everything queued so far in one system call (a writer
/// that drains a queue enqueues each message and flushes once; docs/transport.md).
/// <see cref="SendAsync"/> is the two in one.</item>
/// <item><see cref="ReceiveAsync"/> has one caller at a time. It reads whatever the kernel
/// has into the connection's buffer and cuts frames out of it, so one receive serves
/// several frames; the buffer is reused, nothing is allocated per message. It returns
/// null once the connection is closed for any reason; <see cref="CloseReason"/> and
/// <see cref="Failure"/> then say why.</item>
/// <item>Cancelling a send or receive closes the connection
/// (<see cref="TransportFailure.Cancelled"/>): half a frame cannot be resumed.</item>
/// </list>
/// </summary>
public sealed class StsConnection : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly FrameEncryptor _encryptor;
    private readonly FrameDecryptor _decryptor;
    private readonly ILogger _logger;

    // Held while a batch is written to the socket (sends are serialised, and in order).
    private readonly SemaphoreSlim _sendLock = new(1, 1);

    // Guards the encryptor and the queued frames; never held across an await.
    private readonly Lock _queueGate = new();
    private byte[]? _queued;
    private int _queuedLength;
    private byte[]? _spare;

    private readonly Lock _gate = new();

    // Received bytes not yet consumed are _receiveBuffer[_receiveStart.._receiveEnd).
    private byte[]? _receiveBuffer;
    private int _receiveStart;
    private int _receiveEnd;
    private int _receiving;
    private CloseReason _closeReason;
    private TransportFailure? _failure;
    private volatile bool _disposed;

    internal StsConnection(Socket socket, PublicKey remoteNodeId, bool isInitiator, FrameEncryptor encryptor, FrameDecryptor decryptor, ILogger logger)
    {
        _socket = socket;
        RemoteNodeId = remoteNodeId;
        IsInitiator = isInitiator;
        RemoteEndPoint = socket.RemoteEndPoint;
        _encryptor = encryptor;
        _decryptor = decryptor;
        _logger = logger;
    }

    /// <summary>The peer's node id, proven by its handshake signature.</summary>
    public PublicKey RemoteNodeId { get; }

    /// <summary>True if this side dialled.</summary>
    public bool IsInitiator { get; }

    /// <summary>The peer's address, for logs.</summary>
    public EndPoint? RemoteEndPoint { get; }

    /// <summary><see cref="CloseReason.Open"/> until the connection ends.</summary>
    public CloseReason CloseReason
    {
        get
        {
            lock (_gate)
            {
                return _closeReason;
            }
        }
    }

    /// <summary>Set when <see cref="CloseReason"/> is <see cref="CloseReason.Failed"/>.</summary>
    public TransportFailure? Failure
    {
        get
        {
            lock (_gate)
            {
                return _failure;
            }
        }
    }

    /// <summary>
    /// Encrypts and sends one message (2..65535 bytes; a wrong size is a bug and throws
    /// <see cref="ArgumentOutOfRangeException"/>), with anything queued before it. Throws
    /// <see cref="TransportClosedException"/> if the connection is closed or breaks.
    /// </summary>
    public ValueTask SendAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken = default)
    {
        Enqueue(message.Span);
        return FlushAsync(cancellationToken);
    }

    /// <summary>
    /// Encrypts one message (2..65535 bytes) into the send buffer, behind those queued
    /// before it, without sending: <see cref="FlushAsync"/> sends them all at once. Returns
    /// the bytes now queued (a writer flushes at the latest when that grows large). Throws
    /// <see cref="TransportClosedException"/> if the connection is closed.
    /// </summary>
    public int Enqueue(ReadOnlySpan<byte> message)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(message.Length, FrameSizes.MinMessage, nameof(message));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(message.Length, FrameSizes.MaxMessage, nameof(message));
        var frameLength = FrameSizes.FrameFor(message.Length);
        lock (_queueGate)
        {
            ThrowIfClosed();
            var buffer = _queued ??= TakeSpare(frameLength);
            if (buffer.Length - _queuedLength < frameLength)
            {
                var larger = ArrayPool<byte>.Shared.Rent(Math.Max(2 * buffer.Length, _queuedLength + frameLength));
                buffer.AsSpan(0, _queuedLength).CopyTo(larger);
                ArrayPool<byte>.Shared.Return(buffer);
                _queued = buffer = larger;
            }

            // Frames are encrypted in queue order, so the wire order is the nonce order.
            _encryptor.Encrypt(message, buffer.AsSpan(_queuedLength, frameLength));
            _queuedLength += frameLength;
            return _queuedLength;
        }
    }

    /// <summary>
    /// Sends every frame queued so far in one send, and completes when they are in the
    /// kernel's send buffer. Nothing queued: completes at once. Throws
    /// <see cref="TransportClosedException"/> if the connection is closed or breaks.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask FlushAsync(CancellationToken cancellationToken = default)
    {
        await _sendLock.WaitAsync(cancellationToken);
        byte[]? batch = null;
        try
        {
            int length;
            lock (_queueGate)
            {
                if (_queuedLength == 0)
                {
                    // A flush that came after ours already sent our frames.
                    return;
                }

                batch = _queued!;
                length = _queuedLength;
                _queued = null;
                _queuedLength = 0;
            }

            ThrowIfClosed();
            var sent = 0;
            while (sent < length)
            {
                sent += await _socket.SendAsync(batch.AsMemory(sent, length - sent), SocketFlags.None, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Fail(TransportFailure.Cancelled);
            throw;
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            Fail(TransportFailure.SocketError);
            throw new TransportClosedException(CloseReason, Failure, e);
        }
        finally
        {
            if (batch is not null)
            {
                lock (_queueGate)
                {
                    // Kept for the next batch: two buffers take turns, none is allocated per send.
                    if (_spare is null)
                    {
                        _spare = batch;
                    }
                    else
                    {
                        ArrayPool<byte>.Shared.Return(batch);
                    }
                }
            }

            _sendLock.Release();
        }
    }

    /// <summary>
    /// The next message, or null once the connection is closed (by either side or by a
    /// refusal: see <see cref="CloseReason"/>). The memory stays valid until the next
    /// call or disposal. Nothing is allocated or awaited for a body until its length
    /// header has authenticated.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<ReadOnlyMemory<byte>?> ReceiveAsync(CancellationToken cancellationToken = default)
    {
        if (_disposed)
        {
            return null;
        }

        if (Interlocked.Exchange(ref _receiving, 1) == 1)
        {
            throw new InvalidOperationException("ReceiveAsync has one caller at a time.");
        }

        try
        {
            return await ReceiveCoreAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Fail(TransportFailure.Cancelled);
            throw;
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            Fail(TransportFailure.SocketError);
            return null;
        }
        finally
        {
            Volatile.Write(ref _receiving, 0);
        }
    }

    /// <summary>Orderly close: the peer reads the end of the stream after our last complete frame.</summary>
    public async ValueTask CloseAsync(CancellationToken cancellationToken = default)
    {
        // Waiting for the send lock keeps a frame in flight from being cut in half.
        await _sendLock.WaitAsync(cancellationToken);
        try
        {
            if (TrySetClosed(CloseReason.ClosedLocally, null))
            {
                TryShutdownSend();
                _socket.Dispose();
            }
        }
        finally
        {
            _sendLock.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (TrySetClosed(CloseReason.ClosedLocally, null))
        {
            TryShutdownSend();
        }

        _socket.Dispose();
        await _sendLock.WaitAsync();
        lock (_queueGate)
        {
            _encryptor.Dispose();
            ReturnSendBuffers();
        }

        _sendLock.Release();
        if (Interlocked.Exchange(ref _receiving, 1) == 0)
        {
            _decryptor.Dispose();
            ReturnReceiveBuffer();
        }
    }

    private async ValueTask<ReadOnlyMemory<byte>?> ReceiveCoreAsync(CancellationToken cancellationToken)
    {
        if (CloseReason != CloseReason.Open)
        {
            return null;
        }

        if (!await FillAsync(FrameSizes.Header, cancellationToken))
        {
            if (_receiveEnd == _receiveStart)
            {
                // End of stream exactly between frames: the peer closed in order.
                TrySetClosed(CloseReason.ClosedByPeer, null);
                return null;
            }

            return Fail(TransportFailure.TruncatedFrame);
        }

        if (!_decryptor.TryReadHeader(_receiveBuffer.AsSpan(_receiveStart, FrameSizes.Header), out var bodySize, out var failure))
        {
            return Fail(failure);
        }

        _receiveStart += FrameSizes.Header;

        // Only now, with the length authenticated, may the buffer grow to hold the body.
        if (!await FillAsync(bodySize, cancellationToken))
        {
            return Fail(TransportFailure.TruncatedFrame);
        }

        var body = _receiveBuffer.AsMemory(_receiveStart, bodySize);
        _receiveStart += bodySize;
        var messageLength = bodySize - FrameSizes.Tag;
        if (!_decryptor.TryReadBody(body.Span, body.Span[..messageLength], out failure))
        {
            return Fail(failure);
        }

        return body[..messageLength];
    }

    /// <summary>
    /// Makes at least <paramref name="count"/> unconsumed bytes available in the receive
    /// buffer, receiving as much as the kernel has each time; false if the stream ends first.
    /// Bytes before the unconsumed ones (the previous message, valid until this call) are
    /// reused.
    /// </summary>
    private async ValueTask<bool> FillAsync(int count, CancellationToken cancellationToken)
    {
        var buffer = _receiveBuffer ??= ArrayPool<byte>.Shared.Rent(FrameSizes.ReceiveBuffer);
        var buffered = _receiveEnd - _receiveStart;
        if (buffered >= count)
        {
            return true;
        }

        if (buffer.Length - _receiveStart < count)
        {
            // Not enough room after the unconsumed bytes: move them to the front, into a larger buffer if need be.
            var target = buffer.Length >= count ? buffer : ArrayPool<byte>.Shared.Rent(count);
            buffer.AsSpan(_receiveStart, buffered).CopyTo(target);
            if (!ReferenceEquals(target, buffer))
            {
                ArrayPool<byte>.Shared.Return(buffer);
                _receiveBuffer = buffer = target;
            }

            _receiveStart = 0;
            _receiveEnd = buffered;
        }

        while (_receiveEnd - _receiveStart < count)
        {
            var read = await _socket.ReceiveAsync(buffer.AsMemory(_receiveEnd), SocketFlags.None, cancellationToken);
            if (read == 0)
            {
                return false;
            }

            _receiveEnd += read;
        }

        return true;
    }

    private void ReturnReceiveBuffer()
    {
        if (_receiveBuffer is not null)
        {
            ArrayPool<byte>.Shared.Return(_receiveBuffer);
            _receiveBuffer = null;
        }
    }

    private byte[] TakeSpare(int atLeast)
    {
        var spare = _spare;
        _spare = null;
        if (spare is not null && spare.Length >= atLeast)
        {
            return spare;
        }

        if (spare is not null)
        {
            ArrayPool<byte>.Shared.Return(spare);
        }

        return ArrayPool<byte>.Shared.Rent(Math.Max(FrameSizes.SendBuffer, atLeast));
    }

    private void ReturnSendBuffers()
    {
        if (_queued is not null)
        {
            ArrayPool<byte>.Shared.Return(_queued);
            _queued = null;
            _queuedLength = 0;
        }

        if (_spare is not null)
        {
            ArrayPool<byte>.Shared.Return(_spare);
            _spare = null;
        }
    }

    private ReadOnlyMemory<byte>? Fail(TransportFailure failure)
    {
        if (TrySetClosed(CloseReason.Failed, failure))
        {
            TransportLog.ConnectionDropped(_logger, RemoteEndPoint, RemoteNodeId, failure);
            _socket.Dispose();
        }

        return null;
    }

    private bool TrySetClosed(CloseReason reason, TransportFailure? failure)
    {
        lock (_gate)
        {
            if (_closeReason != CloseReason.Open)
            {
                return false;
            }

            _closeReason = reason;
            _failure = failure;
        }

        if (reason != CloseReason.Failed)
        {
            TransportLog.ConnectionClosed(_logger, RemoteEndPoint, RemoteNodeId, reason);
        }

        return true;
    }

    private void TryShutdownSend()
    {
        try
        {
            _socket.Shutdown(SocketShutdown.Send);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Already reset by the peer: there is nobody left to tell.
        }
    }

    private void ThrowIfClosed()
    {
        lock (_gate)
        {
            if (_closeReason != CloseReason.Open)
            {
                throw new TransportClosedException(_closeReason, _failure);
            }
        }
    }
}
