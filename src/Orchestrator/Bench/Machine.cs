namespace LnRelay.Orchestrator.Bench;

/// <summary>
/// What a figure needs beside it to be read: the processor and how busy the machine was
/// (load average over 1, 5 and 15 minutes), from /proc on Linux; null elsewhere.
/// </summary>
internal static class Machine
{
    private const string LoadFile = "/proc/loadavg";
    private const string CpuFile = "/proc/cpuinfo";

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
