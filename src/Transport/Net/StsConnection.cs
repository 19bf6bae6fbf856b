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
/// <item><see cref="ReceiveAsync"/> has one caller at a time. It returns null once the
/// connection is closed for any reason; <see cref="CloseReason"/> and
/// <see cref="Failure"/> then say why.</item>
/// <item>Cancelling a send or receive closes the connection
/// (<see cref="TransportFailure.Cancelled"/>): half a frame cannot be resumed.</item>
/// </list>
/// </summary>
public sealed class StsConnection : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly FrameEncryptor _encryptor;
    private readonly FrameDecryptor _decryptor;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly byte[] _header = new byte[FrameSizes.Header];
    private readonly Lock _gate = new();
    private byte[]? _receiveBuffer;
    private int _receiving;
    private CloseReason _closeReason;
    private TransportFailure? _failure;
    private volatile bool _disposed;

    internal StsConnection(Socket socket, PublicKey remoteNodeId, bool isInitiator, FrameEncryptor encryptor, FrameDecryptor decryptor, ILogger logger)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: false);
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
    /// <see cref="ArgumentOutOfRangeException"/>). Throws <see cref="TransportClosedException"/>
    /// if the connection is closed or breaks.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask SendAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(message.Length, FrameSizes.MinMessage, nameof(message));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(message.Length, FrameSizes.MaxMessage, nameof(message));
        ThrowIfClosed();
        await _sendLock.WaitAsync(cancellationToken);
        var frameLength = FrameSizes.FrameFor(message.Length);
        var frame = ArrayPool<byte>.Shared.Rent(frameLength);
        try
        {
            ThrowIfClosed();
            _encryptor.Encrypt(message.Span, frame);
            await _stream.WriteAsync(frame.AsMemory(0, frameLength), cancellationToken);
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
            ArrayPool<byte>.Shared.Return(frame);
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
        _encryptor.Dispose();
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

        var headerRead = await ReadUpToAsync(_header, cancellationToken);
        if (headerRead == 0)
        {
            // End of stream exactly between frames: the peer closed in order.
            TrySetClosed(CloseReason.ClosedByPeer, null);
            return null;
        }

        if (headerRead < _header.Length)
        {
            return Fail(TransportFailure.TruncatedFrame);
        }

        if (!_decryptor.TryReadHeader(_header, out var bodySize, out var failure))
        {
            return Fail(failure);
        }

        var body = EnsureReceiveBuffer(bodySize).AsMemory(0, bodySize);
        if (await ReadUpToAsync(body, cancellationToken) < bodySize)
        {
            return Fail(TransportFailure.TruncatedFrame);
        }

        var messageLength = bodySize - FrameSizes.Tag;
        if (!_decryptor.TryReadBody(body.Span, body.Span[..messageLength], out failure))
        {
            return Fail(failure);
        }

        return body[..messageLength];
    }

    /// <summary>Reads until <paramref name="buffer"/> is full or the stream ends; returns the bytes read.</summary>
    private async ValueTask<int> ReadUpToAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var read = await _stream.ReadAsync(buffer[total..], cancellationToken);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return total;
    }

    private byte[] EnsureReceiveBuffer(int size)
    {
        if (_receiveBuffer is null || _receiveBuffer.Length < size)
        {
            ReturnReceiveBuffer();
            _receiveBuffer = ArrayPool<byte>.Shared.Rent(size);
        }

        return _receiveBuffer;
    }

    private void ReturnReceiveBuffer()
    {
        if (_receiveBuffer is not null)
        {
            ArrayPool<byte>.Shared.Return(_receiveBuffer);
            _receiveBuffer = null;
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
