namespace LnRelay.Orchestrator.Knowledge;

/// <summary>
/// Every node's log of one network, read together. A network folder as
/// <c>lnrelay init</c> lays it out holds DIR/NAME/logs/NAME.jsonl per node; a folder
/// that holds the .jsonl files itself (DIR/logs/*.jsonl or DIR/*.jsonl, e.g. logs copied
/// out of containers) works too.
/// </summary>
internal sealed record NetworkLogs(IReadOnlyList<NodeLog> Files)
{
    public IEnumerable<LogEvent> Events => Files.SelectMany(f => f.Events);

    public IEnumerable<string> Skipped => Files.SelectMany(f => f.Skipped);

    /// <summary>Finds and reads the logs under a network folder; an error names the folder and what was looked for.</summary>
    public static NetworkLogsResult FromFolder(string directory)
    {
        if (!Directory.Exists(directory))
        {
            return NetworkLogsResult.Failed($"folder '{directory}' does not exist; pass the folder 'lnrelay init --out DIR' wrote (it holds one sub-folder per node).");
        }

        var files = LogFiles(directory);
        return files.Count == 0
            ? NetworkLogsResult.Failed($"no node logs under '{directory}': looked for {Path.Combine(directory, "NAME", "logs", "NAME.jsonl")} (and *.jsonl in the folder and its logs/). Have the nodes run yet?")
            : FromFiles(files);
    }

    /// <summary>The .jsonl files of a network folder (DIR/NAME/logs, DIR/logs, DIR), by path; none when it does not exist.</summary>
    public static List<string> LogFiles(string directory) =>
        !Directory.Exists(directory)
            ? []
            : Directory.EnumerateDirectories(directory)
                .SelectMany(node => Glob(Path.Combine(node, "logs")))
                .Concat(Glob(Path.Combine(directory, "logs")))
                .Concat(Glob(directory))
                .Distinct(StringComparer.Ordinal)
                .Order(StringComparer.Ordinal)
                .ToList();

    /// <summary>Reads the given log files (NAME.jsonl each).</summary>
    public static NetworkLogsResult FromFiles(IEnumerable<string> paths)
    {
        var logs = new List<NodeLog>();
        foreach (var path in paths)
        {
            try
            {
                logs.Add(NodeLogReader.Read(path));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return NetworkLogsResult.Failed($"cannot read log '{path}': {e.Message}");
            }
        }

        return logs.Count == 0 ? NetworkLogsResult.Failed("no log files were given.") : new NetworkLogsResult(new NetworkLogs(logs), null);
    }

    private static IEnumerable<string> Glob(string directory) =>
        Directory.Exists(directory) ? Directory.EnumerateFiles(directory, "*.jsonl") : [];
}

/// <summary>The logs, or why there are none.</summary>
internal sealed record NetworkLogsResult(NetworkLogs? Logs, string? Error)
{
    internal static NetworkLogsResult Failed(string error) => new(null, error);
}
