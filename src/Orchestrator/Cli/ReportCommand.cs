using System.CommandLine;
using LnRelay.Orchestrator.Web;

namespace LnRelay.Orchestrator.Cli;

/// <summary>
/// <c>lnrelay report --dir DIR [--json]</c>: writes DIR/report.html, one self-contained page of a
/// run (network map, payments, each payment's path with what every hop knew) that opens offline
/// from file:// (docs/web.md). --json prints the page's data instead.
/// </summary>
internal static class ReportCommand
{
    public static Command Build()
    {
        var dir = SharedOptions.Dir("The run folder: a demo's --out folder, or any network folder whose nodes have run (network.json, NAME/logs/NAME.jsonl, and results.json if a demo wrote one).");
        var json = new Option<bool>("--json")
        {
            Description = "Print the page's data (network, payments with hop cards, counters) as JSON instead of writing report.html.",
        };
        var command = new Command(
            "report",
            "Write DIR/report.html beside results.json: one HTML file with the network map, the payments list and each payment's " +
            "path hop by hop with what every hop knew (the 'lnrelay knowledge' flags). It needs no server and no network: " +
            "open it in a browser from disk. 'lnrelay demo' writes it too.\n" +
            "Example: lnrelay report --dir ./my-demo    (then open ./my-demo/report.html)")
        {
            dir,
            json,
        };
        command.SetAction(parse => Run(parse.GetValue(dir)!, parse.GetValue(json), Console.Out, Console.Error));
        return command;
    }

    internal static int Run(string directory, bool asJson, TextWriter output, TextWriter error)
    {
        if (string.IsNullOrWhiteSpace(directory) || !Directory.Exists(directory))
        {
            throw new UsageException($"--dir: folder '{directory}' does not exist; pass the folder 'lnrelay demo --out' or 'lnrelay init --out' wrote.");
        }

        if (asJson)
        {
            var run = RunFolder.Load(directory, out var loadError);
            if (run is null)
            {
                error.WriteLine($"lnrelay report: {loadError}");
                return ExitCodes.Refused;
            }

            output.WriteLine(WebJson.Serialize(WebModelBuilder.Build(run.Network, run.Events, run.Results, run.FinishedStates(), "report")));
            return ExitCodes.Success;
        }

        var path = ReportPage.Write(directory, out var writeError);
        if (path is null)
        {
            error.WriteLine($"lnrelay report: {writeError}");
            return ExitCodes.Refused;
        }

        output.WriteLine($"Report: {path} (open it in a browser; it works offline).");
        return ExitCodes.Success;
    }
}
