using System.Net;
using LnRelay.Crypto;
using Microsoft.Extensions.Logging;

namespace LnRelay.Transport.Net;

/// <summary>
/// The transport's log events (docs/logging.md, "Events"): one event id per kind of thing
/// that happened, properties instead of interpolation, reason codes by name.
/// </summary>
internal static class TransportLog
{
    public static readonly EventId Refused = new(4001, "TransportHandshakeRefused");
    public static readonly EventId Established = new(4002, "TransportConnectionEstablished");
    public static readonly EventId Dropped = new(4003, "TransportConnectionDropped");
    public static readonly EventId Closed = new(4004, "TransportConnectionClosed");
    public static readonly EventId Listening = new(4005, "TransportListening");
    public static readonly EventId AcceptError = new(4006, "TransportAcceptError");

    public static void HandshakeRefused(ILogger logger, string role, EndPoint? remote, TransportFailure reason) =>
        logger.LogWarning(Refused, "Transport refused {Role} handshake with {RemoteEndPoint}: {Reason}", role, remote, reason);

    public static void ConnectionEstablished(ILogger logger, string role, EndPoint? remote, PublicKey nodeId) =>
        logger.LogInformation(Established, "Transport {Role} connection established with {RemoteNodeId} at {RemoteEndPoint}", role, nodeId.ToHex(), remote);

    public static void ConnectionDropped(ILogger logger, EndPoint? remote, PublicKey nodeId, TransportFailure reason) =>
        logger.LogWarning(Dropped, "Transport dropped connection with {RemoteNodeId} at {RemoteEndPoint}: {Reason}", nodeId.ToHex(), remote, reason);

    public static void ConnectionClosed(ILogger logger, EndPoint? remote, PublicKey nodeId, CloseReason reason) =>
        logger.LogInformation(Closed, "Transport connection with {RemoteNodeId} at {RemoteEndPoint} closed: {CloseReason}", nodeId.ToHex(), remote, reason);

    public static void ListenerStarted(ILogger logger, EndPoint endPoint) =>
        logger.LogInformation(Listening, "Transport listening on {LocalEndPoint}", endPoint);

    public static void AcceptFailed(ILogger logger, Exception exception) =>
        logger.LogWarning(AcceptError, exception, "Transport accept failed");
}
