using System.CommandLine;
using LnRelay.Orchestrator.Audit;
using LnRelay.Orchestrator.NetworkSetup;

namespace LnRelay.Orchestrator.Cli;

/// <summary>
/// <c>lnrelay audit [--dir DIR] [--wait SECONDS] [--json]</c>: the accounting of a running
/// network from its nodes' control APIs (<see cref="AuditChecks"/>, docs/supervision.md).
/// Exit 0 when every check holds, 1 when one does not. Its subcommand <c>linkability</c>
/// (<see cref="AuditLinkabilityCommand"/>) audits privacy from the logs instead.
/// </summary>
internal static class AuditCommand
{
    public static Command Build()
    {
        var dir = SharedOptions.Dir("The folder of a running network.");
        var wait = new Option<int>("--wait")
        {
            Description = "Seconds to wait for the network to be quiet (no HTLC in flight, no payment unfinished, every node answering) before counting.",
            DefaultValueFactory = _ => 30,
        };
        var json = new Option<bool>("--json") { Description = "Print the checks as one JSON object (passed, quiet, checks[name, passed, summary, problems])." };
        var command = new Command(
            "audit",
            "Account for every msat of a running network from its nodes' control APIs: every payment a payer started ended, once; " +
            "both ends of every channel agree on both balances, which add up to its capacity; no HTLC is in flight past its expiry margin; " +
            "every paid invoice has the payer's success (or an HTLC still in flight) and every success its paid invoice; the msat all nodes hold " +
            "is what network.json gave them, moved only by payments and their fees. Prints one row per check and every problem found.\n" +
            "Example: lnrelay audit --dir ./net")
        {
            dir,
            wait,
            json,
        };
        command.Subcommands.Add(AuditLinkabilityCommand.Build());
        command.SetAction(async (parse, ct) =>
        {
            var path = parse.GetValue(dir)!;
            var seconds = parse.GetValue(wait);
            if (seconds is < 0 or > 3600)
            {
                throw new UsageException("--wait: from 0 to 3600 seconds.");
            }

            var folder = NetworkFolder.Load(path, out var errors) ?? throw new UsageException($"--dir: {string.Join(" ", errors)}");
            var result = await NetworkAudit.RunAsync(folder, TimeSpan.FromSeconds(seconds), null, ct);
            if (parse.GetValue(json))
            {
                NetworkAudit.WriteJson(Console.Out, result);
            }
            else
            {
                NetworkAudit.Write(Console.Out, result);
            }

            return result.Passed ? ExitCodes.Success : ExitCodes.Refused;
        });
        return command;
    }
}
