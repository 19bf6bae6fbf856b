namespace LnRelay.Transport.Peers;

/// <summary>Why a <see cref="PeerSession"/> ended (or never started). Numeric values are stable for logs.</summary>
public enum PeerCloseReason
{
    /// <summary>This side closed it (<see cref="PeerSession.CloseAsync"/> or disposal).</summary>
    ClosedLocally = 1,

    /// <summary>The peer closed the connection, or the transport dropped it (the detail names the transport failure).</summary>
    ConnectionLost = 2,

    /// <summary>BOLT 1: no <c>init</c> from the peer within the deadline.</summary>
    InitTimeout = 3,

    /// <summary>BOLT 1: the peer's first message was not <c>init</c>.</summary>
    FirstMessageNotInit = 4,

    /// <summary>The peer's <c>init</c> (or a later message) did not decode; the detail says how.</summary>
    MalformedMessage = 5,

    /// <summary>BOLT 1: the peer requires a feature (an even bit) this node does not know.</summary>
    UnknownRequiredFeature = 6,

    /// <summary>BOLT 1: the peer's <c>networks</c> record does not list this node's chain.</summary>
    NetworkMismatch = 7,

    /// <summary>BOLT 1: the peer sent <c>error</c>.</summary>
    PeerSentError = 8,

    /// <summary>BOLT 1: the peer sent a message of an unknown even type.</summary>
    UnknownEvenMessage = 9,

    /// <summary>Keep-alive: a ping went unanswered for the pong timeout.</summary>
    PongTimeout = 10,

    /// <summary>BOLT 1: a pong whose length is not the one the ping asked for.</summary>
    UnexpectedPongLength = 11,

    /// <summary>BOLT 1: a second <c>init</c> after the exchange.</summary>
    UnexpectedInit = 12,
}

/// <summary>How a session ended: the reason and a printable-ASCII detail for logs and CLI output.</summary>
public sealed record PeerSessionEnd(PeerCloseReason Reason, string Detail);
