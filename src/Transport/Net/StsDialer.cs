using System.Net.Sockets;
using LnRelay.Crypto;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LnRelay.Transport.Net;

/// <summary>
/// Opens connections to peers as the handshake's initiator. The initiator always
/// knows whom it dials (docs/transport.md "Handshake"), and the connection is refused
/// with <see cref="TransportFailure.UnexpectedNodeId"/> unless the responder proves
/// it is that node. Thread-safe; one per node.
/// </summary>
public sealed class StsDialer
{
    private const string Role = "initiator";

    private readonly PrivateKey _identity;
    private readonly StsTransportOptions _options;
    private readonly ILogger _logger;

    public StsDialer(PrivateKey identity, StsTransportOptions options, ILogger? logger = null)
    {
        options.Validate();
        _identity = identity;
        _options = options;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>
    /// Connects to <paramref name="host"/>:<paramref name="port"/> and runs the handshake.
    /// Refusals are values (<see cref="StsDialResult.Failure"/>, logged); cancelling
    /// <paramref name="cancellationToken"/> throws <see cref="OperationCanceledException"/>.
    /// </summary>
    public async Task<StsDialResult> ConnectAsync(string host, int port, PublicKey expectedNodeId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(host);
        if (!expectedNodeId.IsValid)
        {
            throw new ArgumentException("The node id to dial is required.", nameof(expectedNodeId));
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            if (await ConnectSocketAsync(socket, host, port, cancellationToken) is { } connectFailure)
            {
                TransportLog.HandshakeRefused(_logger, Role, null, connectFailure);
                socket.Dispose();
                return StsDialResult.Refused(connectFailure);
            }

            HandshakeOutcome outcome;
            await using (var stream = new NetworkStream(socket, ownsSocket: false))
            using (var runner = new HandshakeRunner(stream, _options, cancellationToken))
            {
                outcome = await runner.RunInitiatorAsync(_identity, expectedNodeId);
            }

            if (!outcome.Succeeded)
            {
                TransportLog.HandshakeRefused(_logger, Role, socket.RemoteEndPoint, outcome.Failure);
                socket.Dispose();
                return StsDialResult.Refused(outcome.Failure);
            }

            var (encryptor, decryptor) = outcome.Result!.CreateFraming();
            var connection = new StsConnection(socket, outcome.Result.RemoteNodeId, isInitiator: true, encryptor, decryptor, _logger);
            TransportLog.ConnectionEstablished(_logger, Role, connection.RemoteEndPoint, connection.RemoteNodeId);
            return StsDialResult.Connected(connection);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private async Task<TransportFailure?> ConnectSocketAsync(Socket socket, string host, int port, CancellationToken cancellationToken)
    {
        using var deadline = new CancellationTokenSource(_options.ConnectTimeout, _options.TimeProvider);
        using var token = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            await socket.ConnectAsync(host, port, token.Token);
            return null;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return TransportFailure.ConnectFailed;
        }
        catch (SocketException)
        {
            return TransportFailure.ConnectFailed;
        }
    }
}
