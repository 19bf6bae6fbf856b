namespace LnRelay.Orchestrator;

/// <summary>
/// A command-line argument that parsed but is not acceptable (wrong hex length, a
/// file that does not exist). Thrown from a verb's action; <see cref="Cli.LnRelayCli"/>
/// prints the message and exits with <see cref="ExitCodes.Usage"/>.
/// </summary>
internal sealed class UsageException : Exception
{
    public UsageException()
    {
    }

    public UsageException(string message)
        : base(message)
    {
    }

    public UsageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
