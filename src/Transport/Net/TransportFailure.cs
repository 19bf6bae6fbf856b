namespace LnRelay.Transport.Net;

/// <summary>
/// Why the transport refused or dropped a connection: one value per kind of refusal,
/// logged with every close (docs/transport.md "Transport keys": any failure closes the
/// connection and is logged with its reason code; nothing is sent back). The list is
/// documented in docs/transport.md "Refusal reason codes"; numeric values are stable for logs.
/// </summary>
public enum TransportFailure
{
    /// <summary>An act's version byte was not 0 (an unknown protocol version).</summary>
    UnknownVersion = 1,

    /// <summary>The peer's ephemeral key (X or Y) is not a valid compressed point: wrong prefix, off the curve.</summary>
    InvalidEphemeralKey = 2,

    /// <summary>The peer sent back one of our own keys (our ephemeral or our node id) as its ephemeral, or claimed our own node id: a reflection.</summary>
    ReflectedKey = 3,

    /// <summary>c2 or c3 did not open under the act key: a tampered act, a man in the middle, or a replay from another handshake.</summary>
    ActDecryptionFailed = 4,

    /// <summary>The node id inside c2 or c3 is not a valid compressed point.</summary>
    InvalidStaticKey = 5,

    /// <summary>Initiator side: the responder is a genuine node but not the one we dialled.</summary>
    UnexpectedNodeId = 6,

    /// <summary>Responder side: the authorizer refused the initiator's node id (not a channel peer).</summary>
    NotAuthorized = 7,

    /// <summary>A transcript signature (sig_R or sig_I) did not verify.</summary>
    InvalidSignature = 8,

    /// <summary>An act was not complete within its deadline (per-act timeout).</summary>
    ActTimeout = 9,

    /// <summary>The whole handshake was not complete within its deadline.</summary>
    HandshakeTimeout = 10,

    /// <summary>The listener already had its maximum number of handshakes in progress.</summary>
    HandshakeCapacityReached = 11,

    /// <summary>The peer closed the connection, or it broke, before the handshake finished.</summary>
    ClosedDuringHandshake = 12,

    /// <summary>A frame's length header or body did not authenticate: tampered, replayed, reordered, or from another key.</summary>
    FrameDecryptionFailed = 13,

    /// <summary>An authenticated length below the 2-byte BOLT 1 type.</summary>
    InvalidFrameLength = 14,

    /// <summary>The stream ended in the middle of a frame.</summary>
    TruncatedFrame = 15,

    /// <summary>The TCP connection could not be opened.</summary>
    ConnectFailed = 16,

    /// <summary>A socket error after the handshake (reset, broken pipe).</summary>
    SocketError = 17,

    /// <summary>A send or receive was cancelled mid-frame, so the stream cannot continue.</summary>
    Cancelled = 18,

    /// <summary>An act was shorter or longer than its fixed size (only reachable through the sans-IO core).</summary>
    InvalidActLength = 19,
}
