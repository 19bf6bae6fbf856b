using System.CommandLine;
using System.Net;
using LnRelay.Orchestrator.Hosting;
using LnRelay.Orchestrator.Web;

namespace LnRelay.Orchestrator.Cli;

/// <summary>
/// <c>lnrelay web --dir DIR [--port P] [--host ADDRESS]</c>: serves the live page of the network
/// in DIR until Ctrl+C (docs/web.md).
/// </summary>
internal static class WebCommand
{
    public static Command Build()
    {
        var dir = SharedOptions.Dir("The network folder whose nodes the page shows (their logs and control APIs).");
        var port = SharedOptions.WebPort("--port");
        var host = new Option<string>("--host")
        {
            Description = "The address to listen on. The page is read-only and never shows a node's API token, but it shows every payment: keep 127.0.0.1 unless you mean to share it.",
            DefaultValueFactory = _ => "127.0.0.1",
        };
        var logs = new Option<string?>("--logs")
        {
            HelpName = "DIR",
            Description = "The folder the nodes write NAME.jsonl into, when not DIR/NAME/logs (nodes under docker compose).",
        };
        var command = new Command(
            "web",
            "Serve a live web page of a running network on 127.0.0.1: the network map with balances and node states, the payments " +
            "list, each payment's path hop by hop with what every hop knew, and live counters, updated by Server-Sent Events as " +
            "the nodes log. Read-only. Runs until Ctrl+C.\n" +
            "Example: lnrelay up --dir ./net &  lnrelay web --dir ./net --port 8420    (then open http://127.0.0.1:8420/)")
        {
            dir,
            port,
            host,
            logs,
        };
        command.SetAction(async (parse, ct) =>
        {
            var directory = parse.GetValue(dir)!;
            if (!Directory.Exists(directory))
            {
                throw new UsageException($"--dir: folder '{directory}' does not exist; pass the folder 'lnrelay init' or 'lnrelay up' wrote.");
            }

            if (!IPAddress.TryParse(parse.GetValue(host), out var address))
            {
                throw new UsageException($"--host: '{parse.GetValue(host)}' is not an IP address; use 127.0.0.1 (the default) or another address of this machine.");
            }

            using var stop = StopSignal.Create(ct);
            await using var server = await WebServer.StartAndAnnounceAsync(directory, parse.GetValue(port), Console.Out, address, parse.GetValue(logs), stop.Token);
            await Console.Out.WriteLineAsync("Press Ctrl+C to stop.");
            try
            {
                await Task.Delay(Timeout.Infinite, stop.Token);
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C.
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
