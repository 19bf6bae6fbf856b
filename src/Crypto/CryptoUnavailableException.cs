namespace LnRelay.Crypto;

/// <summary>
/// A native library that lnrelay needs is missing or does not behave as expected.
/// The message says what is missing and how to get it.
/// </summary>
public sealed class CryptoUnavailableException : Exception
{
    public CryptoUnavailableException()
    {
    }

    public CryptoUnavailableException(string message)
        : base(message)
    {
    }

    public CryptoUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
