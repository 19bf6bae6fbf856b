using LnRelay.Crypto;
using Microsoft.Extensions.Logging;

namespace LnRelay.Transport.Peers;

/// <summary>
/// The peer session's log events (docs/logging.md, "Events"): one event id per kind of
/// thing, properties rather than interpolation. Peer-supplied text is always rendered
/// through <see cref="Messages.PrintableText"/> before it gets here.
/// </summary>
internal static class PeerLog
{
    public static readonly EventId Established = new(5001, "PeerSessionEstablished");
    public static readonly EventId Ended = new(5002, "PeerSessionEnded");
    public static readonly EventId WarningReceived = new(5003, "PeerWarningReceived");
    public static readonly EventId ErrorReceived = new(5004, "PeerErrorReceived");
    public static readonly EventId UnknownOddIgnored = new(5005, "PeerUnknownOddMessageIgnored");
    public static readonly EventId PingNotAnswered = new(5006, "PeerPingNotAnswered");
    public static readonly EventId UnsolicitedPong = new(5007, "PeerUnsolicitedPong");

    public static void SessionEstablished(ILogger logger, PublicKey peer, string features, int networks) =>
        logger.LogInformation(Established, "Peer {RemoteNodeId} sent init: features {Features}, {NetworkCount} networks", peer.ToHex(), features, networks);

    public static void SessionEnded(ILogger logger, PublicKey peer, PeerCloseReason reason, string detail) =>
        logger.LogInformation(Ended, "Peer session with {RemoteNodeId} ended: {CloseReason} ({Detail})", peer.ToHex(), reason, detail);

    public static void Warning(ILogger logger, PublicKey peer, string channelId, string text) =>
        logger.LogWarning(WarningReceived, "Peer {RemoteNodeId} sent warning for channel {ChannelId}: {WarningText}", peer.ToHex(), channelId, text);

    public static void Error(ILogger logger, PublicKey peer, string channelId, string text) =>
        logger.LogWarning(ErrorReceived, "Peer {RemoteNodeId} sent error for channel {ChannelId}: {ErrorText}", peer.ToHex(), channelId, text);

    public static void OddIgnored(ILogger logger, PublicKey peer, ushort type) =>
        logger.LogDebug(UnknownOddIgnored, "Peer {RemoteNodeId} sent unknown odd message type {MessageType}; ignored", peer.ToHex(), type);

    public static void PingIgnored(ILogger logger, PublicKey peer, ushort numPongBytes) =>
        logger.LogDebug(PingNotAnswered, "Peer {RemoteNodeId} pinged for {NumPongBytes} pong bytes; not answered (BOLT 1 limit)", peer.ToHex(), numPongBytes);

    public static void PongUnsolicited(ILogger logger, PublicKey peer, int length) =>
        logger.LogDebug(UnsolicitedPong, "Peer {RemoteNodeId} sent a pong of {PongLength} bytes nobody asked for; ignored", peer.ToHex(), length);
}
