namespace LnRelay.Crypto;

/// <summary>
/// A native library that lnrelay needs is missing or does not behave as expected.
/// The message names the Debian package to install.
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
