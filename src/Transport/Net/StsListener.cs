using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using LnRelay.Crypto;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LnRelay.Transport.Net;

/// <summary>
/// Accepts peers as the handshake's responder. <see cref="Start"/> binds (so a port
/// clash fails start-up rather than later); an accept loop then runs each
/// handshake in its own task, at most <see cref="StsTransportOptions.MaxHandshakesInProgress"/>
/// at once (extra sockets are closed unanswered), asks the authorizer about the
/// initiator's node id, and queues authenticated connections for
/// <see cref="AcceptAsync"/>. Refusals are logged with their reason; nothing is sent back.
/// </summary>
public sealed class StsListener : IAsyncDisposable
{
    private const string Role = "responder";

    private readonly PrivateKey _identity;
    private readonly Func<PublicKey, bool> _authorize;
    private readonly StsTransportOptions _options;
    private readonly IPEndPoint _endPoint;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Channel<StsConnection> _accepted;
    private readonly ConcurrentDictionary<Task, bool> _handshakes = new();
    private Socket? _listenSocket;
    private Task? _acceptLoop;
    private int _slotsInUse;

    /// <param name="identity">This node's key: the responder signs with it.</param>
    /// <param name="endPoint">Where to listen; port 0 picks a free port (see <see cref="LocalEndPoint"/>).</param>
    /// <param name="authorize">Whether an authenticated initiator may connect (is it a channel peer?).</param>
    /// <param name="options">Network name, deadlines, handshake cap.</param>
    /// <param name="logger">Where refusals and connections are logged.</param>
    public StsListener(PrivateKey identity, IPEndPoint endPoint, Func<PublicKey, bool> authorize, StsTransportOptions options, ILogger? logger = null)
    {
        options.Validate();
        _identity = identity;
        _endPoint = endPoint;
        _authorize = authorize;
        _options = options;
        _logger = logger ?? NullLogger.Instance;
        // Holding a slot until the connection is queued bounds memory even when nobody accepts.
        _accepted = Channel.CreateBounded<StsConnection>(new BoundedChannelOptions(options.MaxHandshakesInProgress)
        {
            SingleWriter = false,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    /// <summary>The bound endpoint (the real port when 0 was asked for). Throws before <see cref="Start"/>.</summary>
    public IPEndPoint LocalEndPoint => (IPEndPoint?)_listenSocket?.LocalEndPoint ?? throw new InvalidOperationException("Start the listener first.");

    /// <summary>The bound port.</summary>
    public int Port => LocalEndPoint.Port;

    /// <summary>Handshakes running now plus authenticated connections waiting in the queue.</summary>
    internal int SlotsInUse => Volatile.Read(ref _slotsInUse);

    /// <summary>Binds and starts accepting. Throws <see cref="ListenerStartException"/> if the endpoint cannot be bound.</summary>
    public void Start()
    {
        if (_listenSocket is not null)
        {
            throw new InvalidOperationException("The listener is already started.");
        }

        var socket = new Socket(_endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(_endPoint);
            socket.Listen();
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw new ListenerStartException($"Cannot listen for peers on {_endPoint}: {e.SocketErrorCode} ({e.Message}).", e);
        }

        _listenSocket = socket;
        TransportLog.ListenerStarted(_logger, socket.LocalEndPoint!);
        _acceptLoop = Task.Run(AcceptLoopAsync);
    }

    /// <summary>The next authenticated connection. The caller owns (and disposes) it.</summary>
    public async ValueTask<StsConnection> AcceptAsync(CancellationToken cancellationToken = default)
    {
        var connection = await _accepted.Reader.ReadAsync(cancellationToken);
        return connection;
    }

    /// <summary>Authenticated connections as they arrive, until the listener is disposed.</summary>
    public IAsyncEnumerable<StsConnection> AcceptAllAsync(CancellationToken cancellationToken = default) =>
        _accepted.Reader.ReadAllAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        await _stopping.CancelAsync();
        _listenSocket?.Dispose();
        if (_acceptLoop is not null)
        {
            await _acceptLoop;
        }

        await Task.WhenAll(_handshakes.Keys);
        _accepted.Writer.TryComplete();
        while (_accepted.Reader.TryRead(out var connection))
        {
            await connection.DisposeAsync();
        }

        _stopping.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        var token = _stopping.Token;
        while (!token.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listenSocket!.AcceptAsync(token);
            }
            catch (Exception) when (token.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException e)
            {
                // A transient accept failure (too many open files, a reset before accept):
                // log it and keep listening rather than take the node down.
                TransportLog.AcceptFailed(_logger, e);
                continue;
            }

            if (Interlocked.Increment(ref _slotsInUse) > _options.MaxHandshakesInProgress)
            {
                Interlocked.Decrement(ref _slotsInUse);
                TransportLog.HandshakeRefused(_logger, Role, SafeRemote(socket), TransportFailure.HandshakeCapacityReached);
                socket.Dispose();
                continue;
            }

            var task = HandleAsync(socket, token);
            _handshakes[task] = true;
            _ = task.ContinueWith(t => _handshakes.TryRemove(t, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    private async Task HandleAsync(Socket socket, CancellationToken token)
    {
        // Leave the accept loop at once: the handshake runs on its own.
        await Task.Yield();
        var remote = SafeRemote(socket);
        try
        {
            socket.NoDelay = true;
            HandshakeOutcome outcome;
            await using (var stream = new NetworkStream(socket, ownsSocket: false))
            using (var runner = new HandshakeRunner(stream, _options, token))
            {
                outcome = await runner.RunResponderAsync(_identity, _authorize);
            }

            if (!outcome.Succeeded)
            {
                TransportLog.HandshakeRefused(_logger, Role, remote, outcome.Failure);
                socket.Dispose();
                return;
            }

            var (encryptor, decryptor) = outcome.Result!.CreateFraming();
            var connection = new StsConnection(socket, outcome.Result.RemoteNodeId, isInitiator: false, encryptor, decryptor, _logger);
            TransportLog.ConnectionEstablished(_logger, Role, remote, connection.RemoteNodeId);
            try
            {
                await _accepted.Writer.WriteAsync(connection, token);
            }
            catch (Exception) when (token.IsCancellationRequested)
            {
                await connection.DisposeAsync();
            }
        }
        catch (Exception e)
        {
            // Each connection's failure stays in its own task: one bad peer never ends the accept loop.
            if (!token.IsCancellationRequested)
            {
                TransportLog.AcceptFailed(_logger, e);
            }

            socket.Dispose();
        }
        finally
        {
            Interlocked.Decrement(ref _slotsInUse);
        }
    }

    private static EndPoint? SafeRemote(Socket socket)
    {
        try
        {
            return socket.RemoteEndPoint;
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            return null;
        }
    }
}
