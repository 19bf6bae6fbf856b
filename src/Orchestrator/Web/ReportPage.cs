namespace LnRelay.Orchestrator.Web;

/// <summary>
/// report.html: one self-contained file beside results.json (docs/web.md). Inline CSS, script,
/// map and data, no network access, so it opens from file:// (where Chromium forbids fetching a
/// neighbouring file). The same input folder always gives the same bytes.
/// </summary>
internal static class ReportPage
{
    public const string FileName = "report.html";

    public static string Render(RunFolder run)
    {
        var snapshot = WebModelBuilder.Build(run.Network, run.Events, run.Results, run.FinishedStates(), $"report of the run in {Path.GetFileName(Path.GetFullPath(run.Directory).TrimEnd(Path.DirectorySeparatorChar))}");
        return WebAssets.Page(WebAssets.ReportMode, snapshot.Network, snapshot.Source, snapshot.MapSvg, WebJson.ForScriptElement(snapshot));
    }

    /// <summary>Writes DIR/report.html; returns its path, or null with <paramref name="error"/> saying what to fix.</summary>
    public static string? Write(string directory, out string? error, string? logs = null)
    {
        var run = RunFolder.Load(directory, out error, logs);
        if (run is null)
        {
            return null;
        }

        var path = Path.Combine(directory, FileName);
        File.WriteAllText(path, Render(run));
        return path;
    }
}
