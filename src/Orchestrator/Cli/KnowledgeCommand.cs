using System.CommandLine;
using LnRelay.Orchestrator.Knowledge;

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
        var dir = UpCommand.DirOption("The network folder ('lnrelay init' or 'lnrelay up' wrote it; logs are DIR/NAME/logs/NAME.jsonl).");
        var payment = new Option<string?>("--payment")
        {
            Description = "The payment_hash (64 hex characters); default: the most recent multi-hop payment in the logs.",
        };
        var json = new Option<bool>("--json")
        {
            Description = "Print the report as JSON instead of a table.",
        };
        var command = new Command(
            "knowledge",
            "Show, for one payment, what each node on its route saw (previous and next hop, amounts, expiries) and " +
            "whether it knew the origin, the destination, the route's length and its position, from each node's own log.\n" +
            "Example: lnrelay knowledge --dir net --payment 3f1c...")
        {
            dir,
            payment,
            json,
        };
        command.SetAction(parse => Run(parse.GetValue(dir)!, parse.GetValue(payment), parse.GetValue(json), Console.Out, Console.Error));
        return command;
    }

    internal static int Run(string directory, string? paymentHash, bool asJson, TextWriter output, TextWriter error)
    {
        if (string.IsNullOrWhiteSpace(directory) || !Directory.Exists(directory))
        {
            throw new UsageException($"--dir: folder '{directory}' does not exist; pass the network folder 'lnrelay init' or 'lnrelay up' wrote (default ./lnrelay-net).");
        }

        if (paymentHash is not null)
        {
            CliArgs.Hex(paymentHash, "--payment", 32);
        }

        var result = KnowledgeReport.FromFolder(directory, paymentHash);
        if (result.Report is null)
        {
            error.WriteLine($"lnrelay knowledge: {result.Error}");
            return ExitCodes.Refused;
        }

        if (asJson)
        {
            KnowledgeJson.Write(output, result.Report, result.Chosen);
        }
        else
        {
            KnowledgeTableWriter.Write(output, result.Report, result.Chosen);
        }

        return ExitCodes.Success;
    }
}
