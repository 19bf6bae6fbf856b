namespace LnRelay.Node.Peers;

/// <summary>A dial or handshake that failed: what the retry pipeline retries on.</summary>
internal sealed class PeerDialException : Exception
{
    public PeerDialException()
    {
    }

    public PeerDialException(string message)
        : base(message)
    {
    }

    public PeerDialException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
