using System.Globalization;

namespace LnRelay.Integration.Tests.EndToEnd;

/// <summary>The machine's processes as Linux's /proc shows them: parent, and command line.</summary>
internal static class ProcessTable
{
    public static bool Available => OperatingSystem.IsLinux() && Directory.Exists("/proc/self");

    /// <summary>The processes whose parent is <paramref name="parent"/>, with their command lines.</summary>
    public static IReadOnlyList<(int Pid, string CommandLine)> ChildrenOf(int parent) =>
        [.. All().Where(p => p.Parent == parent).Select(p => (p.Pid, p.CommandLine))];

    /// <summary>The processes whose command line contains <paramref name="text"/>.</summary>
    public static IReadOnlyList<(int Pid, string CommandLine)> Matching(string text) =>
        [.. All().Where(p => p.CommandLine.Contains(text, StringComparison.Ordinal)).Select(p => (p.Pid, p.CommandLine))];

    private static IEnumerable<(int Pid, int Parent, string CommandLine)> All()
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            string stat;
            string commandLine;
            try
            {
                stat = File.ReadAllText(Path.Combine(dir, "stat"));
                commandLine = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue; // Ended while we looked, or not ours to read.
            }

            // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so read after the last ')'.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            yield return (pid, int.Parse(fields[1], CultureInfo.InvariantCulture), commandLine);
        }
    }
}
