using LnRelay.Node.Network;
using LnRelay.Orchestrator.Knowledge;
using LnRelay.Orchestrator.NetworkSetup;
using LnRelay.Orchestrator.Scenario;

namespace LnRelay.Orchestrator.Web;

/// <summary>
/// What a run folder holds for the page: network.json, every node's log (NAME/logs/NAME.jsonl)
/// and, after a demo, results.json. A folder with no logs yet is a network that has not run:
/// it draws with no payments. Problems come back as messages with the fix.
/// </summary>
internal sealed record RunFolder(string Directory, NetworkDescription Network, IReadOnlyList<LogEvent> Events, IReadOnlyList<ResultEntry>? Results)
{
    /// <summary>Loads DIR; the logs come from <paramref name="logs"/> when the nodes wrote them elsewhere (demo --attach --logs).</summary>
    public static RunFolder? Load(string directory, out string? error, string? logs = null)
    {
        var folder = NetworkFolder.Load(directory, out var errors);
        if (folder is null)
        {
            error = string.Join(" ", errors);
            return null;
        }

        var events = NetworkLogs.FromFolder(logs ?? directory).Logs?.Events.ToList() ?? [];
        IReadOnlyList<ResultEntry>? results = null;
        var resultsPath = Path.Combine(directory, ResultsFile.FileName);
        if (File.Exists(resultsPath))
        {
            try
            {
                results = ResultsFile.Read(resultsPath);
            }
            catch (System.Text.Json.JsonException e)
            {
                error = $"{resultsPath} is not the results.json 'lnrelay demo' writes ({e.Message}); move it away or run the demo again.";
                return null;
            }
        }

        error = null;
        return new RunFolder(directory, folder.Network, events, results);
    }

    /// <summary>A finished run: every node that logged NodeStarted is "stopped", any other "unknown".</summary>
    public Func<string, string> FinishedStates()
    {
        var started = Events.Where(e => e.Is(KnowledgeNames.NodeStarted)).Select(e => e.Node).ToHashSet(StringComparer.Ordinal);
        return name => started.Contains(name) ? "stopped" : "unknown";
    }
}
