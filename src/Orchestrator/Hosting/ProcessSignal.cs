using System.Runtime.InteropServices;

namespace LnRelay.Orchestrator.Hosting;

/// <summary>
/// Sends a POSIX signal to a process through libc's <c>kill(2)</c>, with no <c>kill</c>
/// program: a machine with only the .NET SDK need not have one (Debian's procps is not in
/// a minimal system). The numbers are the same on Linux and macOS.
/// </summary>
internal static partial class ProcessSignal
{
    /// <summary>SIGINT, what Ctrl+C sends.</summary>
    public const int Interrupt = 2;

    /// <summary>SIGTERM, what a service manager sends to stop.</summary>
    public const int Terminate = 15;

    /// <summary>True if the signal was sent; false if the process is gone or may not be signalled (errno in <see cref="Marshal.GetLastPInvokeError"/>).</summary>
    public static bool TrySend(int processId, int signal) => !OperatingSystem.IsWindows() && kill(processId, signal) == 0;

    [LibraryImport("libc", SetLastError = true)]
    private static partial int kill(int pid, int sig);
}
