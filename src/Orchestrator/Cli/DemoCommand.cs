using System.CommandLine;
using System.Globalization;
using LnRelay.Orchestrator.Hosting;
using LnRelay.Orchestrator.Scenario;
using LnRelay.Orchestrator.Web;

namespace LnRelay.Orchestrator.Cli;

/// <summary>
/// <c>lnrelay demo [--out DIR] [--in-process]</c>, or <c>lnrelay demo --attach DIR [--logs DIR]</c>
/// against a network that already runs (docker compose's orchestrator): see <see cref="DemoRun"/>.
/// </summary>
internal static class DemoCommand
{
    public static Command Build()
    {
        var output = new Option<string?>("--out")
        {
            Description = "The folder for the network, its logs and results.json (must not hold a network yet). " +
                "Default: a new ./lnrelay-demo-YYYYMMDD-HHMMSS.",
        };
        var inProcess = new Option<bool>("--in-process")
        {
            Description = "Host the five nodes in this process instead of five lnrelay-node child processes.",
        };
        var attach = new Option<string?>("--attach")
        {
            HelpName = "DIR",
            Description = "Run the scenario against the network of this folder, already running elsewhere (e.g. one container " +
                "per node under docker compose), instead of starting one; the nodes keep running. Writes DIR/results.json.",
        };
        var logs = new Option<string?>("--logs")
        {
            HelpName = "DIR",
            Description = "With --attach: the folder the nodes write NAME.jsonl into (their --log-dir), for the knowledge table. " +
                "Default: DIR/NAME/logs.",
        };
        var web = SharedOptions.Web();
        var webPort = SharedOptions.WebPort("--web-port");
        var command = new Command(
            "demo",
            $"Start the five-node network on this machine, send {DemoScenario.PaymentCount} payments (successes over one to four hops, " +
            "and one deliberate failure of each kind: unknown_next_peer, fee_insufficient, incorrect_cltv_expiry, " +
            "temporary_channel_failure, incorrect_or_unknown_payment_details, invalid_onion_hmac; then a payment through a blinded path " +
            "and a failure inside one, seen only as invalid_onion_blinding; then a multi-part payment that times out with mpp_timeout " +
            "and one that settles in parts, docs/mpp.md), print the results and what " +
            "each hop of a four-hop payment and of the blinded one knew, write results.json, report.html and the logs, and stop. Exit 0 only if every payment " +
            "ended as the scenario expects (docs/demo.md).\n" +
            "With --attach DIR, the same scenario against a network that already runs (docs/docker.md).\n" +
            "Examples: lnrelay demo --out ./my-demo\n" +
            "          lnrelay demo --attach /net --logs /logs    (the docker compose orchestrator)")
        {
            output,
            inProcess,
            attach,
            logs,
            web,
            webPort,
        };
        command.Validators.Add(result =>
        {
            if (result.GetValue(attach) is null)
            {
                if (result.GetValue(logs) is not null)
                {
                    result.AddError("--logs goes with --attach DIR (a demo that starts its own nodes finds their logs itself).");
                }
            }
            else if (result.GetValue(output) is not null || result.GetValue(inProcess))
            {
                result.AddError("--attach runs against nodes that already run: it takes no --out or --in-process.");
            }
        });
        command.SetAction(async (parse, ct) =>
        {
            using var stop = StopSignal.Create(ct);
            var attached = parse.GetValue(attach);
            var dir = attached ?? parse.GetValue(output) ?? "lnrelay-demo-" + DateTime.Now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
            try
            {
                // --web: the live page from the start (it waits for network.json), kept after the run until Ctrl+C.
                await using var server = parse.GetValue(web) ? await WebServer.StartAndAnnounceAsync(dir, parse.GetValue(webPort), Console.Out, logs: parse.GetValue(logs), ct: stop.Token) : null;
                var exit = Render(
                    attached is null
                        ? await DemoRun.RunAsync(dir, parse.GetValue(inProcess), Console.Out, Console.Error, stop.Token)
                        : await DemoRun.AttachAsync(dir, parse.GetValue(logs), Console.Out, Console.Error, stop.Token),
                    Console.Out,
                    Console.Error);
                if (server is not null)
                {
                    await Console.Out.WriteLineAsync($"The web view stays at {server.Address} until Ctrl+C.");
                    await Task.Delay(Timeout.Infinite, stop.Token).ContinueWith(_ => { }, TaskScheduler.Default);
                }

                return exit;
            }
            catch (OperationCanceledException) when (stop.Token.IsCancellationRequested)
            {
                await Console.Error.WriteLineAsync(attached is null ? "lnrelay: interrupted; every node stopped." : "lnrelay: interrupted; the nodes keep running.");
                return ExitCodes.Refused;
            }
        });
        return command;
    }

    /// <summary>
    /// The demo's last lines (where results.json, the logs and report.html are; how many payments
    /// ended as expected), or why it could not run on <paramref name="error"/>; exit 0 only when
    /// every payment ended as the scenario expected.
    /// </summary>
    internal static int Render(DemoOutcome outcome, TextWriter output, TextWriter error)
    {
        if (outcome.Payments is not { } payments)
        {
            if (outcome.Refusal is { } why)
            {
                error.WriteLine($"lnrelay: {why}");
            }

            return ExitCodes.Refused;
        }

        output.WriteLine();
        output.WriteLine($"Results: {outcome.ResultsPath}. Logs: {outcome.LogsPattern}.");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{outcome.Matched} of {payments.Count} payments ended as the scenario expected, in {outcome.Elapsed.TotalSeconds:0.0} s."));
        if (outcome.ReportPage is { } report)
        {
            output.WriteLine($"Report: {report} (open it in a browser; docs/web.md).");
        }

        return outcome.AllMatched ? ExitCodes.Success : ExitCodes.Refused;
    }
}
