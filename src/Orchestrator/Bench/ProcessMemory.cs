using System.Diagnostics;
using System.Globalization;

namespace LnRelay.Orchestrator.Bench;

/// <summary>
/// This process's memory: resident set size now and at its peak (Linux /proc/self/status
/// VmRSS and VmHWM; elsewhere .NET's working set figures), and the managed heap after a
/// full collection (what the program still holds, without garbage waiting to be collected).
/// </summary>
internal static class ProcessMemory
{
    private const double BytesPerMegabyte = 1024 * 1024;
    private const string StatusFile = "/proc/self/status";

    /// <summary>Resident set size now, in MB.</summary>
    public static double ResidentMb() => Read("VmRSS:") ?? Megabytes(FromProcess(p => p.WorkingSet64));

    /// <summary>The largest resident set size this process has had, in MB.</summary>
    public static double PeakResidentMb() => Read("VmHWM:") ?? Megabytes(FromProcess(p => p.PeakWorkingSet64));

    /// <summary>Bytes on the managed heap after a full, compacting, blocking collection, in MB.</summary>
    public static double LiveHeapMb()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        return Megabytes(GC.GetTotalMemory(forceFullCollection: true));
    }

    /// <summary>CPU time used by every thread of this process so far.</summary>
    public static TimeSpan CpuTime() => FromProcess(p => p.TotalProcessorTime);

    private static T FromProcess<T>(Func<Process, T> read)
    {
        using var process = Process.GetCurrentProcess();
        return read(process);
    }

    private static double Megabytes(long bytes) => bytes / BytesPerMegabyte;

    /// <summary>A "Name:   1234 kB" line of /proc/self/status, in MB; null where there is no such file.</summary>
    private static double? Read(string field)
    {
        if (!File.Exists(StatusFile))
        {
            return null;
        }

        foreach (var line in File.ReadLines(StatusFile))
        {
            if (line.StartsWith(field, StringComparison.Ordinal))
            {
                var parts = line[field.Length..].Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
                return long.Parse(parts[0], CultureInfo.InvariantCulture) / 1024.0;
            }
        }

        return null;
    }
}
