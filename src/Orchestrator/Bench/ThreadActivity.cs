using System.Runtime.InteropServices;

namespace LnRelay.Orchestrator.Bench;

/// <summary>
/// How often this process's threads handed work to each other: thread-pool work items run,
/// and context switches (voluntary: a thread blocked or waited; involuntary: it was
/// preempted) from <c>getrusage(RUSAGE_SELF)</c>, which sums every thread, those that have
/// ended too. Per payment, these say what a transport or scheduling change saved
/// (docs/performance.md, "Transport per-message costs").
/// </summary>
internal static partial class ThreadActivity
{
    private const int RusageSelf = 0;

    /// <summary>Thread-pool work items completed so far, and context switches so far (null where getrusage is missing).</summary>
    public static (long WorkItems, long? ContextSwitches) Now() => (ThreadPool.CompletedWorkItemCount, ContextSwitches());

    private static long? ContextSwitches()
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        try
        {
            return getrusage(RusageSelf, out var usage) == 0 ? usage.VoluntarySwitches + usage.InvoluntarySwitches : null;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Linux x86-64 and arm64 <c>struct rusage</c>: two timevals, then fourteen longs (ru_maxrss … ru_nivcsw).</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct Rusage
    {
        public long UserSeconds;
        public long UserMicroseconds;
        public long SystemSeconds;
        public long SystemMicroseconds;
        public long MaxResident;
        public long SharedText;
        public long UnsharedData;
        public long UnsharedStack;
        public long MinorFaults;
        public long MajorFaults;
        public long Swaps;
        public long BlockReads;
        public long BlockWrites;
        public long MessagesSent;
        public long MessagesReceived;
        public long Signals;
        public long VoluntarySwitches;
        public long InvoluntarySwitches;
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int getrusage(int who, out Rusage usage);
}
