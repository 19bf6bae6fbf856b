namespace LnRelay.Transport.Net;

/// <summary>How an <see cref="StsConnection"/> ended; <see cref="Failed"/> comes with a <see cref="TransportFailure"/>.</summary>
public enum CloseReason
{
    /// <summary>Still open.</summary>
    Open = 0,

    /// <summary>This side called <see cref="StsConnection.CloseAsync"/> or disposed the connection.</summary>
    ClosedLocally = 1,

    /// <summary>The peer closed the stream cleanly between two frames.</summary>
    ClosedByPeer = 2,

    /// <summary>The transport refused the peer's bytes or the socket failed; see <see cref="StsConnection.Failure"/>.</summary>
    Failed = 3,
}
