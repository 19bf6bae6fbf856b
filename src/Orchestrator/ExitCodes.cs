namespace LnRelay.Orchestrator;

/// <summary>Exit codes shared by every verb.</summary>
internal static class ExitCodes
{
    /// <summary>The verb did what it was asked.</summary>
    public const int Success = 0;

    /// <summary>The input was well formed but refused or failed (an onion refused, a handshake failed, a payment failed); the output says why.</summary>
    public const int Refused = 1;

    /// <summary>The command line itself was wrong: an unknown verb or option, a missing or malformed argument.</summary>
    public const int Usage = 2;
}
