namespace LnRelay.Transport.Net;

/// <summary>Thrown by <see cref="StsListener.Start"/> when the endpoint cannot be bound (port in use, address not local).</summary>
public sealed class ListenerStartException : IOException
{
    public ListenerStartException()
    {
    }

    public ListenerStartException(string message)
        : base(message)
    {
    }

    public ListenerStartException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
