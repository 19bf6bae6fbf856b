using LnRelay.Orchestrator.Cli;
using LnRelay.Orchestrator.Knowledge;
using LnRelay.Orchestrator.Scenario;
using LnRelay.Orchestrator.Web;

namespace LnRelay.Browser.Tests;

/// <summary>
/// One real 'lnrelay demo' (the five nodes hosted in this process), run once for the report
/// tests: its folder holds results.json, every node's log and report.html.
/// </summary>
public sealed class DemoRunFixture : IAsyncLifetime
{
    public string Directory { get; } = Path.Combine(Path.GetTempPath(), "lnrelay-browser-demo-" + Guid.NewGuid().ToString("N")[..8]);

    internal IReadOnlyList<ResultEntry> Results { get; private set; } = [];

    public string ReportPath => Path.Combine(Directory, ReportPage.FileName);

    public Uri ReportUrl(string hash = "") => new(new Uri(ReportPath).AbsoluteUri + hash);

    internal ResultEntry Step(string name) => Results.First(r => r.Step == name);

    internal KnowledgeReport Knowledge(string hash) => KnowledgeReport.FromFolder(Directory, hash).Report!;

    public async Task InitializeAsync()
    {
        var output = new StringWriter();
        // The demo's own exit code is tested elsewhere (Orchestrator.Tests); here it must have written its files.
        DemoCommand.Render(await DemoRun.RunAsync(Directory, inProcess: true, output, output, CancellationToken.None), output, output);
        Assert.True(File.Exists(ReportPath), "the demo wrote no report.html:\n" + output);
        Assert.Contains("Report: ", output.ToString(), StringComparison.Ordinal);
        Results = ResultsFile.Read(Path.Combine(Directory, ResultsFile.FileName));
        Assert.True(Results.Count == DemoScenario.PaymentCount, "results.json lacks payments:\n" + output);
    }

    public Task DisposeAsync()
    {
        System.IO.Directory.Delete(Directory, recursive: true);
        return Task.CompletedTask;
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<Chromium>, ICollectionFixture<DemoRunFixture>
{
    public const string Name = "browser";
}
