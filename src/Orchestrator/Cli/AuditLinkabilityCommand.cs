using System.CommandLine;
using LnRelay.Orchestrator.Linkability;

namespace LnRelay.Orchestrator.Cli;

/// <summary>
/// <c>lnrelay audit linkability --dir DIR --collude NODE,NODE[,...] [--json]</c>: what colluding
/// nodes can link from their own logs, by identifier and by the heuristic linker, scored against
/// the payers' logs (docs/privacy.md). Exit 0 with a report, 1 when the logs cannot give one,
/// 2 for a bad command line.
/// </summary>
internal static class AuditLinkabilityCommand
{
    public static Command Build()
    {
        var dir = SharedOptions.Dir("The network folder whose node logs to read (DIR/NAME/logs/NAME.jsonl).");
        var collude = SharedOptions.Collude(required: true);
        var window = new Option<int?>("--window-ms") { Description = "Heuristic: the most milliseconds between two colluders' views of one HTLC. Default 500." };
        var skew = new Option<int?>("--skew-ms") { Description = "Heuristic: how many milliseconds the downstream view may be stamped before the upstream one (clocks differ). Default 5." };
        var gap = new Option<int?>("--max-gap-hops") { Description = "Heuristic: the most honest hops assumed between two colluders. Default 3." };
        var json = new Option<bool>("--json") { Description = "Print the report as one JSON object (colluders, views, methods[method, links, correct, wrong, precision, recall, ...])." };
        var command = new Command(
            "linkability",
            "What colluding nodes can link to the same payment by pooling their own logs (and nothing else): by identifier (a lock value " +
            "two of them saw: the payment_hash today) and by a heuristic that ignores identifiers (amount minus a plausible fee, expiry " +
            "minus plausible deltas, within a time window; fee and delta ranges from the policies in DIR/network.json). Scored against " +
            "the payers' own logs: precision and recall per method, with the counts. docs/privacy.md explains the method.\n" +
            "Example: lnrelay audit linkability --dir ./net --collude bob,dave")
        {
            dir,
            collude,
            window,
            skew,
            gap,
            json,
        };
        command.SetAction(parse =>
        {
            var colluders = CliArgs.Colluders(parse.GetValue(collude));
            var windowMs = Range(parse.GetValue(window), "--window-ms", 0, 600_000);
            var skewMs = Range(parse.GetValue(skew), "--skew-ms", 0, 60_000);
            var gapHops = Range(parse.GetValue(gap), "--max-gap-hops", 0, 20);
            var path = parse.GetValue(dir)!;
            if (!Directory.Exists(path))
            {
                throw new UsageException($"--dir: folder '{path}' does not exist; pass the network folder 'lnrelay init' or 'lnrelay up' wrote (default ./lnrelay-net).");
            }

            var result = LinkabilityAudit.FromFolder(path, colluders, p => p with
            {
                Window = windowMs is { } w ? TimeSpan.FromMilliseconds(w) : p.Window,
                Skew = skewMs is { } s ? TimeSpan.FromMilliseconds(s) : p.Skew,
                MaxGapHops = gapHops ?? p.MaxGapHops,
            });
            if (result.Report is null)
            {
                Console.Error.WriteLine($"lnrelay audit linkability: {result.Error}");
                return ExitCodes.Refused;
            }

            if (parse.GetValue(json))
            {
                LinkabilityWriter.WriteJson(Console.Out, result.Report);
            }
            else
            {
                LinkabilityWriter.Write(Console.Out, result.Report);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static int? Range(int? value, string option, int min, int max) =>
        value is { } v && (v < min || v > max) ? throw new UsageException($"{option}: from {min} to {max}.") : value;
}
