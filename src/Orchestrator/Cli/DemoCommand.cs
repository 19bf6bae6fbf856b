using System.CommandLine;
using System.Globalization;
using LnRelay.Orchestrator.Launch;
using LnRelay.Orchestrator.Scenario;

namespace LnRelay.Orchestrator.Cli;

/// <summary><c>lnrelay demo [--out DIR] [--in-process]</c>: see <see cref="DemoRun"/>.</summary>
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
        var command = new Command(
            "demo",
            $"Start the five-node network on this machine, send {DemoScenario.PaymentCount} payments (successes over one to four hops, " +
            "and one deliberate failure of each kind: unknown_next_peer, fee_insufficient, incorrect_cltv_expiry, " +
            "temporary_channel_failure, incorrect_or_unknown_payment_details, invalid_onion_hmac), print the results and what " +
            "each hop of a four-hop payment knew, write results.json and the logs, and stop. Exit 0 only if every payment " +
            "ended as the scenario expects (docs/demo.md).\n" +
            "Example: lnrelay demo --out ./my-demo")
        {
            output,
            inProcess,
        };
        command.SetAction(async (parse, ct) =>
        {
            using var stop = StopSignal.Create(ct);
            var dir = parse.GetValue(output) ?? "lnrelay-demo-" + DateTime.Now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
            try
            {
                return await DemoRun.RunAsync(dir, parse.GetValue(inProcess), Console.Out, Console.Error, stop.Token);
            }
            catch (OperationCanceledException) when (stop.Token.IsCancellationRequested)
            {
                await Console.Error.WriteLineAsync("lnrelay: interrupted; every node stopped.");
                return ExitCodes.Refused;
            }
        });
        return command;
    }
}
