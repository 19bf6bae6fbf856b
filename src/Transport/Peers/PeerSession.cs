using System.Buffers;
using System.Threading.Channels;
using LnRelay.Crypto;
using LnRelay.Transport.Messages;
using LnRelay.Transport.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LnRelay.Transport.Peers;

/// <summary>
/// One peer, after the STS handshake: the BOLT 1 message layer over an
/// <see cref="StsConnection"/>.
/// <list type="bullet">
/// <item><see cref="StartAsync(StsConnection, PeerSessionOptions, ILogger?, CancellationToken)"/>
/// sends <c>init</c> first and waits for the peer's before anything else; it returns
/// the running session, or why the peer was refused.</item>
/// <item>The session then answers pings, sends its own keep-alive pings, logs
/// warnings, closes on <c>error</c>, ignores unknown odd types and answers unknown
/// even types (and malformed messages) with <c>error</c> and a close.</item>
/// <item>HTLC updates and <c>link_sync</c> come out of <see cref="ChannelMessages"/>, in order; it completes
/// when the session ends. Read it promptly: when it is full, reading from the peer
/// pauses, and so do pongs.</item>
/// <item>Send with <see cref="TrySendAsync"/>; <see cref="Completion"/> says when and why it ended.</item>
/// </list>
/// </summary>
public sealed partial class PeerSession : IAsyncDisposable
{
    /// <summary>How long an <c>error</c> sent just before closing may take (a peer that does not read must not hold the close).</summary>
    private static readonly TimeSpan FarewellTimeout = TimeSpan.FromSeconds(2);

    /// <summary>Queued bytes at which <see cref="TryQueueAsync"/> sends without waiting for the flush (bounds a writer's buffer).</summary>
    public const int FlushThreshold = 64 * 1024;

    private readonly IMessageConnection _connection;
    private readonly PeerSessionOptions _options;
    private readonly ILogger _logger;
    private readonly Channel<LightningMessage> _channelMessages;
    private readonly PendingPings _pings = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource<PeerSessionEnd> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _receiveLoop = Task.CompletedTask;
    private Task _keepAliveLoop = Task.CompletedTask;
    private int _ending;

    private PeerSession(IMessageConnection connection, PeerSessionOptions options, ILogger logger, InitMessage remoteInit)
    {
        _connection = connection;
        _options = options;
        _logger = logger;
        RemoteInit = remoteInit;
        _channelMessages = Channel.CreateBounded<LightningMessage>(new BoundedChannelOptions(options.ChannelMessageCapacity)
        {
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,

            // The reader (the node's link) runs in the receive loop's thread as each message is
            // written: no thread-pool hop between decrypting a message and handling it
            // (docs/transport.md). The receive loop holds no lock while it writes.
            AllowSynchronousContinuations = true,
        });
    }

    /// <summary>The peer's node id, proven by the handshake.</summary>
    public PublicKey RemoteNodeId => _connection.RemoteNodeId;

    /// <summary>The peer's <c>init</c>.</summary>
    public InitMessage RemoteInit { get; }

    /// <summary>The peer's features (union of its two bitmaps, BOLT 1).</summary>
    public FeatureBits RemoteFeatures => RemoteInit.CombinedFeatures;

    /// <summary>
    /// Incoming <c>update_add_htlc</c>, <c>update_fulfill_htlc</c>, <c>update_fail_htlc</c>,
    /// <c>update_fail_malformed_htlc</c> (all <see cref="HtlcUpdateMessage"/>) and
    /// <see cref="LinkSyncMessage"/>, in arrival order: one stream, because a link_sync
    /// counts the updates before it.
    /// </summary>
    public ChannelReader<LightningMessage> ChannelMessages => _channelMessages.Reader;

    /// <summary>Completes once, when the session has ended, with the reason.</summary>
    public Task<PeerSessionEnd> Completion => _completion.Task;

    /// <summary>
    /// Runs the <c>init</c> exchange on an authenticated connection. The session owns
    /// <paramref name="connection"/> from here on: on refusal it is closed (after an
    /// <c>error</c> where BOLT 1 asks for one) and disposed.
    /// </summary>
    public static Task<PeerSessionStartResult> StartAsync(StsConnection connection, PeerSessionOptions options, ILogger? logger = null, CancellationToken cancellationToken = default) =>
        StartAsync(new StsMessageConnection(connection), options, logger, cancellationToken);

    /// <inheritdoc cref="StartAsync(StsConnection, PeerSessionOptions, ILogger?, CancellationToken)"/>
    public static async Task<PeerSessionStartResult> StartAsync(IMessageConnection connection, PeerSessionOptions options, ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        options.Validate();
        logger ??= NullLogger.Instance;
        var chainHash = NetworkChainHash.For(options.NetworkName);
        InitMessage? init;
        PeerSessionEnd? refusal;
        bool answerWithError;
        try
        {
            (init, refusal, answerWithError) = await ExchangeInitAsync(connection, options, chainHash, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // The caller gave up during the exchange; the connection is ours to release.
            await connection.DisposeAsync();
            throw;
        }

        if (init is null || refusal is not null)
        {
            refusal ??= new PeerSessionEnd(PeerCloseReason.ConnectionLost, "no init");
            if (answerWithError)
            {
                await TrySendFarewellAsync(connection, refusal.Detail, options.TimeProvider);
            }

            PeerLog.SessionEnded(logger, connection.RemoteNodeId, refusal.Reason, refusal.Detail);
            await connection.DisposeAsync();
            return PeerSessionStartResult.Refused(refusal);
        }

        var session = new PeerSession(connection, options, logger, init);
        PeerLog.SessionEstablished(logger, connection.RemoteNodeId, init.CombinedFeatures.ToString(), init.Networks?.Count ?? 0);
        session._receiveLoop = Task.Run(session.ReceiveLoopAsync, CancellationToken.None);
        if (options.PingInterval != Timeout.InfiniteTimeSpan)
        {
            session._keepAliveLoop = Task.Run(session.KeepAliveLoopAsync, CancellationToken.None);
        }

        return PeerSessionStartResult.Started(session);
    }

    /// <summary>
    /// Sends one message. False when the session has ended (or ends during the send);
    /// the message may then not have reached the peer. Cancelling a send that is under
    /// way throws <see cref="OperationCanceledException"/> and ends the session (half a
    /// frame cannot be resumed).
    /// </summary>
    public async ValueTask<bool> TrySendAsync(LightningMessage message, CancellationToken cancellationToken = default)
    {
        if (_completion.Task.IsCompleted)
        {
            return false;
        }

        try
        {
            EnqueueEncoded(message);
            await _connection.FlushAsync(cancellationToken);
            return true;
        }
        catch (TransportClosedException)
        {
            await EndAsync(new PeerSessionEnd(PeerCloseReason.ConnectionLost, _connection.TransportFailureDetail ?? "closed while sending"), farewell: null);
            return false;
        }
    }

    /// <summary>
    /// Queues one message to go out with the next <see cref="TryFlushAsync"/> (frames
    /// written close together leave in one send), flushing first by itself once
    /// <see cref="FlushThreshold"/> bytes are waiting. False when the session has ended.
    /// </summary>
    public async ValueTask<bool> TryQueueAsync(LightningMessage message, CancellationToken cancellationToken = default)
    {
        if (_completion.Task.IsCompleted)
        {
            return false;
        }

        try
        {
            if (EnqueueEncoded(message) < FlushThreshold)
            {
                return true;
            }
        }
        catch (TransportClosedException)
        {
            await EndAsync(new PeerSessionEnd(PeerCloseReason.ConnectionLost, _connection.TransportFailureDetail ?? "closed while sending"), farewell: null);
            return false;
        }

        return await TryFlushAsync(cancellationToken);
    }

    /// <summary>
    /// Encodes <paramref name="message"/> into a pooled buffer and queues it (the connection
    /// encrypts it into its send buffer at once): no array per message sent. Returns the bytes queued.
    /// </summary>
    private int EnqueueEncoded(LightningMessage message)
    {
        var length = message.EncodedLength;
        var encoded = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            message.WriteTo(encoded);
            return _connection.Enqueue(encoded.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(encoded);
        }
    }

    /// <summary>Sends whatever <see cref="TryQueueAsync"/> queued. False when the session has ended (or ends during the send).</summary>
    public async ValueTask<bool> TryFlushAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await _connection.FlushAsync(cancellationToken);
            return true;
        }
        catch (TransportClosedException)
        {
            await EndAsync(new PeerSessionEnd(PeerCloseReason.ConnectionLost, _connection.TransportFailureDetail ?? "closed while sending"), farewell: null);
            return false;
        }
    }

    /// <summary>
    /// Sends a ping and waits for its pong. True when the pong came with the right
    /// length; false when the session ended first. A ping asking for 65532 or more
    /// bytes gets no pong (BOLT 1), so it is refused here as a misuse.
    /// </summary>
    public async Task<bool> PingAsync(ushort numPongBytes = 0, CancellationToken cancellationToken = default)
    {
        if (numPongBytes >= MessageSizes.PongBytesLimit)
        {
            throw new ArgumentOutOfRangeException(nameof(numPongBytes), numPongBytes, "BOLT 1: no pong answers a ping asking for 65532 bytes or more.");
        }

        var answered = _pings.Add(numPongBytes);
        if (!await TrySendAsync(new PingMessage(numPongBytes), cancellationToken))
        {
            return false;
        }

        return await answered.WaitAsync(cancellationToken);
    }

    /// <summary>Ends the session (no <c>error</c> is sent: send one first to fail channels) and waits for its loops.</summary>
    public async ValueTask CloseAsync()
    {
        await EndAsync(new PeerSessionEnd(PeerCloseReason.ClosedLocally, "closed by this node"), farewell: null);
        await WaitForLoopsAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await CloseAsync();
        await _connection.DisposeAsync();
        _stopping.Dispose();
    }

    /// <summary>
    /// Ends the session once: records why, optionally sends <c>error</c> (all channels)
    /// with <paramref name="farewell"/> as its text, closes the connection, completes
    /// <see cref="ChannelMessages"/> and fails waiting pings.
    /// </summary>
    private async Task EndAsync(PeerSessionEnd end, string? farewell)
    {
        if (Interlocked.Exchange(ref _ending, 1) == 1)
        {
            return;
        }

        if (farewell is not null)
        {
            await TrySendFarewellAsync(_connection, farewell, _options.TimeProvider);
        }

        await _stopping.CancelAsync();
        _pings.Close();
        _channelMessages.Writer.TryComplete();
        try
        {
            await _connection.CloseAsync(CancellationToken.None);
        }
        catch (Exception e) when (e is TransportClosedException or ObjectDisposedException)
        {
            // Already gone: closing is what we wanted.
        }

        PeerLog.SessionEnded(_logger, RemoteNodeId, end.Reason, end.Detail);
        _completion.TrySetResult(end);
    }

    private async Task WaitForLoopsAsync()
    {
        try
        {
            await Task.WhenAll(_receiveLoop, _keepAliveLoop);
        }
        catch (OperationCanceledException)
        {
            // The loops stop by cancellation.
        }
    }

    /// <summary>BOLT 1: <c>error</c> before closing, so the peer learns why. Best effort, bounded in time.</summary>
    private static async Task TrySendFarewellAsync(IMessageConnection connection, string text, TimeProvider time)
    {
        using var timeout = new CancellationTokenSource(FarewellTimeout, time);
        try
        {
            await connection.SendAsync(ErrorMessage.FromText(ChannelId.All, text).Encode(), timeout.Token);
        }
        catch (Exception e) when (e is TransportClosedException or OperationCanceledException or ObjectDisposedException)
        {
            // The peer is gone or not reading; closing is all that is left.
        }
    }
}
