namespace LnRelay.Orchestrator.Bench;

/// <summary>The machine's load average (1, 5 and 15 minutes) from /proc/loadavg, so every figure carries how busy the machine was.</summary>
internal static class LoadAverage
{
    private const string File = "/proc/loadavg";

    /// <summary>"0.52 1.73 3.36", or null where there is no such file.</summary>
    public static string? Read()
    {
        try
        {
            var parts = System.IO.File.ReadAllText(File).Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return parts.Length >= 3 ? string.Join(' ', parts[..3]) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
