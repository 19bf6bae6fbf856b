using System.CommandLine;
using LnRelay.Orchestrator.Knowledge;
using LnRelay.Orchestrator.Linkability;

namespace LnRelay.Orchestrator.Cli;

/// <summary>
/// <c>lnrelay knowledge [--dir DIR] [--payment HASH] [--json]</c>: reads every node's
/// JSON log under a network folder and prints, for one payment, what each node on its
/// route saw and knew (docs/logging.md, "The knowledge report"). Without --payment it
/// takes the most recent multi-hop payment and says which. Exit 2 when the folder does
/// not exist, 1 when there are no logs or the payment is not in them.
/// </summary>
internal static class KnowledgeCommand
{
    public static Command Build()
    {
        var dir = SharedOptions.Dir("The network folder ('lnrelay init' or 'lnrelay up' wrote it; logs are DIR/NAME/logs/NAME.jsonl).");
        var payment = new Option<string?>("--payment")
        {
            Description = "The payment_hash (64 hex characters); default: the most recent multi-hop payment in the logs.",
        };
        var json = new Option<bool>("--json")
        {
            Description = "Print the report as JSON instead of a table.",
        };
        var collude = SharedOptions.Collude(required: false);
        collude.Description += " Adds what they learn together about this payment by pooling their own logs (docs/privacy.md).";
        var command = new Command(
            "knowledge",
            "Show, for one payment, what each node on its route saw (previous and next hop, amounts, expiries) and " +
            "whether it knew the origin, the destination, the route's length and its position, from each node's own log.\n" +
            "Example: lnrelay knowledge --dir net --payment 3f1c...\n" +
            "Example: lnrelay knowledge --dir net --collude bob,dave")
        {
            dir,
            payment,
            json,
            collude,
        };
        command.SetAction(parse => Run(
            parse.GetValue(dir)!,
            parse.GetValue(payment),
            parse.GetValue(json),
            Console.Out,
            Console.Error,
            parse.GetValue(collude) is { } names ? CliArgs.Colluders(names) : null));
        return command;
    }

    /// <summary>How long a running node may hold a line before it is in its log file (its 200 ms flush clock, and a margin).</summary>
    private static readonly TimeSpan LiveLogsLag = TimeSpan.FromMilliseconds(400);

    internal static int Run(string directory, string? paymentHash, bool asJson, TextWriter output, TextWriter error, IReadOnlyList<string>? colluders = null)
    {
        if (string.IsNullOrWhiteSpace(directory) || !Directory.Exists(directory))
        {
            throw new UsageException($"--dir: folder '{directory}' does not exist; pass the network folder 'lnrelay init' or 'lnrelay up' wrote (default ./lnrelay-net).");
        }

        if (paymentHash is not null)
        {
            CliArgs.Hex(paymentHash, "--payment", 32);
        }

        if (Supervision.ControlFiles.LiveSupervisor(directory) is not null)
        {
            // The network is running: a node's lines reach its file within about 200 ms (docs/logging.md,
            // the nodes' shared flush clock), so right after 'lnrelay pay' the payment's last lines, or all
            // of them, may still be queued; without the wait 'knowledge' showed half a route with "no settle
            // or fail logged yet", or the payment before.
            Thread.Sleep(LiveLogsLag);
        }

        var logs = NetworkLogs.FromFolder(directory);
        var result = logs.Logs is null ? KnowledgeResult.Failed(logs.Error!) : KnowledgeReportBuilder.Build(logs.Logs, paymentHash);
        if (result.Report is null)
        {
            error.WriteLine($"lnrelay knowledge: {result.Error}");
            return ExitCodes.Refused;
        }

        CollusionKnowledge? collusion = null;
        if (colluders is not null)
        {
            var events = logs.Logs!.Events;
            var unknown = colluders.Where(c => !events.Any(e => e.Node == c)).ToList();
            if (unknown.Count > 0)
            {
                throw new UsageException($"--collude: no log events for {string.Join(", ", unknown)}; nodes with logs: {string.Join(", ", events.Select(e => e.Node).Distinct().Order(StringComparer.Ordinal))}.");
            }

            collusion = CollusionKnowledge.Build(result.Report, logs.Logs, colluders, LinkabilityAudit.DefaultParameters(directory));
        }

        if (asJson)
        {
            output.WriteLine(collusion is null ? KnowledgeJson.Serialize(result.Report, result.Chosen) : System.Text.Json.JsonSerializer.Serialize(new { chosen = result.Chosen, report = result.Report, collusion }, KnowledgeJson.Options));
        }
        else
        {
            KnowledgeTableWriter.Write(output, result.Report, result.Chosen);
            if (collusion is not null)
            {
                CollusionWriter.Write(output, collusion);
            }
        }

        return ExitCodes.Success;
    }
}
