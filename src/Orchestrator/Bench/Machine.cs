namespace LnRelay.Orchestrator.Bench;

/// <summary>
/// What a figure needs beside it to be read: the processor and how busy the machine was
/// (load average over 1, 5 and 15 minutes), from /proc on Linux; null elsewhere.
/// </summary>
internal static class Machine
{
    private const string LoadFile = "/proc/loadavg";
    private const string CpuFile = "/proc/cpuinfo";
    private const string StatFile = "/proc/stat";
    private const int TicksPerSecond = 100;

    /// <summary>"0.52 1.73 3.36", or null.</summary>
    public static string? LoadAverage()
    {
        var parts = Read(LoadFile)?.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return parts is { Length: >= 3 } ? string.Join(' ', parts[..3]) : null;
    }

    /// <summary>The first "model name" of /proc/cpuinfo ("AMD EPYC"), or null.</summary>
    public static string? CpuModel() =>
        Read(CpuFile)?.Split('\n')
            .FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?
            .Split(':', 2)[1].Trim();

    /// <summary>
    /// The machine's CPU time so far, all processors together, and how much of it was idle,
    /// from the first line of /proc/stat (user nice system idle iowait irq softirq steal); null elsewhere.
    /// </summary>
    public static (TimeSpan Total, TimeSpan Idle)? CpuTime()
    {
        var line = Read(StatFile)?.Split('\n')[0];
        var fields = line?.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields is not { Length: > 8 } || fields[0] != "cpu")
        {
            return null;
        }

        var ticks = fields[1..9].Select(f => long.Parse(f, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        return (Ticks(ticks.Sum()), Ticks(ticks[3] + ticks[4]));
    }

    /// <summary>/proc/stat counts in USER_HZ, 100 per second on every Linux this runs on.</summary>
    private static TimeSpan Ticks(long count) => TimeSpan.FromSeconds(count / (double)TicksPerSecond);

    private static string? Read(string path)
    {
        try
        {
            return File.Exists(path) ? File.ReadAllText(path) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
