using System.Globalization;
using System.Runtime.InteropServices;

namespace LnRelay.Orchestrator.Hosting;

/// <summary>
/// The open-file limit (RLIMIT_NOFILE) of a process that hosts many nodes: every node holds
/// a peer listener, a socket per channel end, its log file and, with a store, its database's
/// files, and with a control API a listener and the orchestrator's connection to it. Before
/// starting them, <see cref="Ensure"/> raises the soft limit up to the hard one where that is
/// enough (any process may), and otherwise refuses with the numbers and the fix, instead of
/// nodes failing one by one with "Too many open files" (docs/performance.md "Many nodes").
/// </summary>
internal static partial class FileLimits
{
    /// <summary>Descriptors a process needs before its first node: the runtime, the chain service, its files, stdio.</summary>
    public const int ProcessBase = 200;

    /// <summary>Linux's RLIMIT_NOFILE.</summary>
    private const int NoFile = 7;

    /// <summary>Descriptors <paramref name="nodes"/> in-process nodes with <paramref name="channels"/> open channels between them need.</summary>
    public static long Needed(int nodes, int channels, bool controlApi, bool durable)
    {
        // peer listener + log file; API listener + the server's and the client's end of the orchestrator's connection; node.db, -wal, -shm.
        var perNode = 2 + (controlApi ? 3 : 0) + (durable ? 3 : 0);
        return ProcessBase + ((long)nodes * perNode) + (2L * channels);
    }

    /// <summary>
    /// Makes sure the soft limit is at least <paramref name="needed"/>: raised up to the hard
    /// limit if that is enough; null when it is (or the platform has no such limit), else why
    /// not and what to do.
    /// </summary>
    public static string? Ensure(long needed, string what)
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture is not (Architecture.X64 or Architecture.Arm64))
        {
            return null;
        }

        if (getrlimit(NoFile, out var limit) != 0)
        {
            return null;
        }

        if (limit.Current >= (ulong)needed)
        {
            return null;
        }

        if (limit.Maximum >= (ulong)needed)
        {
            if (Raise(limit with { Current = limit.Maximum }))
            {
                return null;
            }
        }

        var numbers = string.Create(CultureInfo.InvariantCulture, $"{what} needs about {needed:N0} open files (RLIMIT_NOFILE), and this process may have at most {limit.Maximum:N0} (soft limit {limit.Current:N0}, hard limit {limit.Maximum:N0}; only a process with CAP_SYS_RESOURCE may raise the hard limit). ");
        var fix = string.Create(CultureInfo.InvariantCulture, $"Raise it before starting lnrelay (e.g. 'ulimit -Hn {needed} && ulimit -Sn {needed}' as root, LimitNOFILE= in a systemd unit, or --ulimit nofile= for a container), or run fewer nodes or channels in this process.");
        return numbers + fix;
    }

    /// <summary>The soft and hard limits now, for reports; null where they cannot be read.</summary>
    public static (ulong Soft, ulong Hard)? Current() =>
        OperatingSystem.IsLinux() && getrlimit(NoFile, out var limit) == 0 ? (limit.Current, limit.Maximum) : null;

    [StructLayout(LayoutKind.Sequential)]
    private record struct Rlimit(ulong Current, ulong Maximum);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int getrlimit(int resource, out Rlimit limit);

    private static unsafe bool Raise(Rlimit limit) => setrlimit(NoFile, &limit) == 0;

    [LibraryImport("libc", SetLastError = true)]
    private static unsafe partial int setrlimit(int resource, Rlimit* limit);
}
