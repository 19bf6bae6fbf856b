using System.CommandLine;
using System.Globalization;
using LnRelay.Orchestrator.Experiment;

namespace LnRelay.Orchestrator.Cli;

/// <summary>
/// <c>lnrelay experiment linkability</c>: the seeded linkability experiment (docs/privacy.md).
/// Exit 0 with the table, 1 when a network could not run, 2 for a bad command line.
/// </summary>
internal static class ExperimentCommand
{
    public static Command Build() => new("experiment", "Seeded experiments on an in-process network; 'experiment linkability' measures what colluding nodes link (docs/privacy.md).")
    {
        Linkability(),
    };

    private static Command Linkability()
    {
        var payments = new Option<int>("--payments") { Description = "Payments per row (each mitigation at each load), between random wallets.", DefaultValueFactory = _ => 240 };
        var loads = new Option<string>("--loads") { Description = "Payments in flight, comma-separated: one row set per value (low and high load).", DefaultValueFactory = _ => "1,16" };
        var mitigations = new Option<string>("--mitigations")
        {
            Description = $"Settings to compare, comma-separated, from: {string.Join(", ", ExperimentOptions.Known)} (noise = the payer's per-hop fee and CLTV noise; all = jitter, batch, shadow and noise together).",
            DefaultValueFactory = _ => string.Join(",", ExperimentOptions.Known),
        };
        var collude = new Option<string[]>("--collude")
        {
            Description = "A colluder set, NODE,NODE[,...]; repeat for more. Default: bob,dave (first and last relay of the four-hop routes) and w1,dave (a payer and the last relay).",
            AllowMultipleArgumentsPerToken = false,
        };
        var seed = new Option<int>("--seed") { Description = "Seeds the plan (payers, payees, amounts) and every node's jitter, shadow and noise draws.", DefaultValueFactory = _ => 1 };
        var lockKind = new Option<string>("--lock") { Description = $"The locks to compare, comma-separated, each over every mitigation and load: {string.Join(", ", ExperimentOptions.Locks)}.", DefaultValueFactory = _ => "hash" };
        var delay = new Option<int>("--delay-ms") { Description = "jitter: the fixed part of each relay's forwarding delay.", DefaultValueFactory = _ => 0 };
        var jitter = new Option<int>("--jitter-ms") { Description = "jitter: the most each relay adds at random to every forward.", DefaultValueFactory = _ => 100 };
        var batch = new Option<int>("--batch-ms") { Description = "batch: every link sends its updates at multiples of this window.", DefaultValueFactory = _ => 50 };
        var shadow = new Option<int>("--shadow-blocks") { Description = "shadow: the most blocks a payer adds at random to the final expiry.", DefaultValueFactory = _ => 144 };
        var feeNoise = new Option<int>("--fee-noise-msat") { Description = "noise: the most msat a payer overpays each relay's fee, at random.", DefaultValueFactory = _ => 10_000 };
        var cltvNoise = new Option<int>("--cltv-noise-blocks") { Description = "noise: the most blocks a payer adds to each relay's CLTV delta, at random.", DefaultValueFactory = _ => 40 };
        var output = new Option<string?>("--out") { Description = "Keep every row's network folder (and logs) here for 'audit linkability' or 'knowledge --collude'; default: a temporary folder, deleted." };
        var json = new Option<bool>("--json") { Description = "Print the rows as one JSON object (every audit in full)." };
        var command = new Command(
            "linkability",
            "For each mitigation at each load, starts a fresh 13-node network in this process (wallets w1-w4 on bob, m1-m2 on carol, e1-e4 on dave), " +
            "sends the same seeded payments between random wallets, and prints what each colluder set links by identifier and by the heuristic " +
            "(precision, recall) beside the latency the setting costs.\n" +
            "Example: lnrelay experiment linkability --payments 240 --loads 1,16 --seed 1")
        {
            payments,
            loads,
            mitigations,
            collude,
            seed,
            lockKind,
            delay,
            jitter,
            batch,
            shadow,
            feeNoise,
            cltvNoise,
            output,
            json,
        };
        command.SetAction(async (parse, ct) =>
        {
            var options = new ExperimentOptions
            {
                Payments = Range(parse.GetValue(payments), "--payments", 1, 100_000),
                Loads = List(parse.GetValue(loads)!, "--loads").Select(l => Range(int.TryParse(l, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : -1, "--loads", 1, 1_000)).ToList(),
                Mitigations = Known(List(parse.GetValue(mitigations)!, "--mitigations"), ExperimentOptions.Known, "--mitigations"),
                Colluders = parse.GetValue(collude) is { Length: > 0 } sets
                    ? [.. sets.Select(s => Nodes(CliArgs.Colluders(s)))]
                    : [.. ExperimentTopology.DefaultColluders],
                Seed = parse.GetValue(seed),
                LockKinds = Locks(List(parse.GetValue(lockKind)!, "--lock")),
                ForwardDelayMs = Range(parse.GetValue(delay), "--delay-ms", 0, 60_000),
                JitterMs = Range(parse.GetValue(jitter), "--jitter-ms", 0, 60_000),
                BatchMs = Range(parse.GetValue(batch), "--batch-ms", 1, 10_000),
                ShadowBlocks = (uint)Range(parse.GetValue(shadow), "--shadow-blocks", 0, 1_000),
                FeeNoiseMsat = (ulong)Range(parse.GetValue(feeNoise), "--fee-noise-msat", 0, 100_000_000),
                CltvNoiseBlocks = (uint)Range(parse.GetValue(cltvNoise), "--cltv-noise-blocks", 0, 144),
                Out = parse.GetValue(output),
                Json = parse.GetValue(json),
            };
            if (options.Out is { } folder && Directory.Exists(folder) && Directory.EnumerateFileSystemEntries(folder).Any())
            {
                throw new UsageException($"--out: '{folder}' is not empty; give a new or empty folder (each row's network goes in a sub-folder of it).");
            }

            return Render(await LinkabilityExperiment.RunAsync(options, Console.Error, ct), options.Json, Console.Out, Console.Error);
        });
        return command;
    }

    /// <summary>The experiment's report as text or one JSON document, or its refusal on <paramref name="error"/>; the exit code.</summary>
    internal static int Render(ExperimentOutcome outcome, bool json, TextWriter output, TextWriter error)
    {
        if (outcome.Report is not { } report)
        {
            error.WriteLine($"lnrelay: {outcome.Refusal}");
            return ExitCodes.Refused;
        }

        if (json)
        {
            ExperimentReportWriter.WriteJson(output, report);
        }
        else
        {
            ExperimentReportWriter.Write(output, report);
        }

        return ExitCodes.Success;
    }

    private static List<string> Locks(List<string> kinds)
    {
        var bad = kinds.Where(k => !ExperimentOptions.Locks.Contains(k, StringComparer.Ordinal)).ToList();
        return bad.Count == 0
            ? kinds
            : throw new UsageException($"--lock: '{string.Join(",", bad)}' is not one of {string.Join(", ", ExperimentOptions.Locks)}.");
    }

    private static List<string> Nodes(List<string> names)
    {
        var known = new HashSet<string>(ExperimentTopology.Build().Nodes, StringComparer.Ordinal);
        var unknown = names.Where(n => !known.Contains(n)).ToList();
        return unknown.Count == 0
            ? names
            : throw new UsageException($"--collude: {string.Join(", ", unknown)} is not a node of the experiment's network; its nodes are {string.Join(", ", known.Order(StringComparer.Ordinal))}.");
    }

    private static List<string> List(string text, string option)
    {
        var items = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal).ToList();
        return items.Count > 0 ? items : throw new UsageException($"{option}: give at least one value, comma-separated.");
    }

    private static List<string> Known(List<string> items, IReadOnlyList<string> known, string option)
    {
        var bad = items.Where(i => !known.Contains(i, StringComparer.Ordinal)).ToList();
        return bad.Count == 0 ? items : throw new UsageException($"{option}: '{string.Join(",", bad)}' is not one of {string.Join(", ", known)}.");
    }

    private static int Range(int value, string option, int min, int max) =>
        value < min || value > max ? throw new UsageException($"{option}: from {min} to {max}.") : value;
}
