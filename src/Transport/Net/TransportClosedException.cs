namespace LnRelay.Transport.Net;

/// <summary>Thrown by <see cref="StsConnection.SendAsync"/> when the connection is (or just became) closed.</summary>
public sealed class TransportClosedException : IOException
{
    public TransportClosedException()
        : this(CloseReason.ClosedLocally, null)
    {
    }

    public TransportClosedException(string message)
        : base(message)
    {
    }

    public TransportClosedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public TransportClosedException(CloseReason reason, TransportFailure? failure, Exception? innerException = null)
        : base(failure is { } f ? $"The connection is closed ({reason}: {f})." : $"The connection is closed ({reason}).", innerException)
    {
        Reason = reason;
        Failure = failure;
    }

    public CloseReason Reason { get; }

    public TransportFailure? Failure { get; }
}
