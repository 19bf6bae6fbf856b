using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using LnRelay.Node.Api;
using LnRelay.Node.Payments;
using LnRelay.Orchestrator.Client;
using LnRelay.Orchestrator.NetworkSetup;
using LnRelay.Orchestrator.Rendering;
using LnRelay.Orchestrator.Scenario;

namespace LnRelay.Orchestrator.Cli;

/// <summary>
/// <c>lnrelay pay --dir DIR --from NODE --to NODE --amount-msat N [--count N --concurrency C --seed S] [--blinded [HOPS] --dummy-hops D --introduction NODE] [--lock hash|point]</c>:
/// invoices from the payee, payments from the payer, through the control APIs of a
/// running network; prints one row per payment. Exit 0 when every payment succeeded.
/// </summary>
internal static class PayCommand
{
    public static Command Build()
    {
        var dir = SharedOptions.Dir("The folder of a running network (started with 'lnrelay up').");
        var from = new Option<string>("--from") { Description = "The payer: a node name from the network.", Required = true };
        var to = new Option<string>("--to") { Description = "The payee: a node name from the network.", Required = true };
        var amount = new Option<ulong>("--amount-msat") { Description = "The amount of each payment in millisatoshis (1 sat = 1000 msat).", Required = true };
        var count = new Option<int>("--count") { Description = "How many payments to send (each with its own invoice).", DefaultValueFactory = _ => 1 };
        var concurrency = new Option<int>("--concurrency") { Description = "How many payments may be in flight at once.", DefaultValueFactory = _ => 1 };
        var seed = new Option<int?>("--seed")
        {
            Description = "Vary each amount at random by up to 10% either way, reproducibly from this seed (default: every payment is --amount-msat).",
        };
        var blinded = new Option<int?>("--blinded")
        {
            Description = "Pay through a blinded path (docs/blinded-paths.md): the payee picks HOPS relays before itself (the introduction node included; default 2) and publishes the path instead of its id; the payer never learns who it paid.",
            Arity = ArgumentArity.ZeroOrOne,
            HelpName = "HOPS",
        };
        var dummyHops = new Option<int?>("--dummy-hops") { Description = "With --blinded: dummy hops the payee adds after itself, so the payer cannot count the real ones." };
        var introduction = new Option<string?>("--introduction") { Description = "With --blinded: the path's introduction node (default: the payee picks one at random from its graph)." };
        var results = new Option<string?>("--results")
        {
            Description = "Also write every payment to this JSON file (the schema of the demo's results.json, docs/demo.md; status 'unknown' for one whose outcome is not known).",
        };
        var maxParts = new Option<int?>("--max-parts")
        {
            Description = $"Multi-part payments (docs/mpp.md): when no single route carries the amount, split it into at most this many parts at once, halving until they fit; 1 never splits. Default {PayRequest.DefaultMaxParts}.",
        };
        var minPart = new Option<ulong?>("--min-part-msat")
        {
            Description = $"Multi-part payments: halving stops at this part size (a smaller remainder still goes). Default {PayRequest.DefaultMinPartMsat} (1,000 sat).",
        };
        var maxPart = new Option<ulong?>("--max-part-msat")
        {
            Description = "Multi-part payments: no part above this; a larger amount splits into parts of this size (the last the remainder) even where one route carries it whole (lnd's max_shard_size_msat). Default: no limit.",
        };
        var maxFee = new Option<ulong?>("--max-fee-msat")
        {
            Description = "The most each payment may pay in fees, over all its parts; a route or split costing more is not tried. Default: no limit.",
        };
        var lockKind = new Option<string>("--lock")
        {
            Description = "The lock: 'hash' (an HTLC, every hop sees the same payment_hash) or 'point' (lnrelay-experimental point locks, every hop sees a different lock point; docs/ptlc.md). With --blinded (and --dummy-hops) too.",
            DefaultValueFactory = _ => "hash",
        };
        lockKind.AcceptOnlyFromAmong(PaymentSender.LockKinds);
        var command = new Command(
            "pay",
            "Send payments through a running network: ask the payee for an invoice and the payer to pay it. " +
            "Prints status, route, fee, attempts, the failure (BOLT 4 name, code and failing hop) and time of each; " +
            "a progress bar on stderr when sending more than one. If a node goes away mid-run, the payments that ended are still printed " +
            "(and written to --results), the rest are marked unknown with the reason, and the exit code is 1.\n" +
            "A payment no single route carries is split into parts with the same payment_hash, held by the payee until they add up (docs/mpp.md); " +
            "the parts are listed under the table.\n" +
            "Example: lnrelay pay --dir ./net --from alice --to dave --amount-msat 100000 --count 50 --concurrency 4\n" +
            "Blinded: lnrelay pay --dir ./net --from alice --to eve --amount-msat 100000 --blinded 2 --dummy-hops 1\n" +
            "In parts: lnrelay pay --dir ./net --from bob --to dave --amount-msat 5500000000 --min-part-msat 100000000\n" +
            "Point locks: lnrelay pay --dir ./net --from alice --to dave --amount-msat 100000 --lock point")
        {
            dir,
            from,
            to,
            amount,
            count,
            concurrency,
            seed,
            blinded,
            dummyHops,
            introduction,
            results,
            maxParts,
            minPart,
            maxFee,
            maxPart,
            lockKind,
        };
        command.SetAction((parse, ct) =>
        {
            var ask = parse.GetResult(blinded) is null
                ? (parse.GetValue(dummyHops) is not null || parse.GetValue(introduction) is not null ? throw new UsageException("--dummy-hops and --introduction go with --blinded.") : null)
                : new BlindedAsk(parse.GetValue(blinded) ?? (parse.GetValue(introduction) is null ? 2 : null), parse.GetValue(dummyHops), parse.GetValue(introduction));
            var lockText = parse.GetValue(lockKind)!;
            return RunAsync(
                parse.GetValue(dir)!, parse.GetValue(from)!, parse.GetValue(to)!, parse.GetValue(amount), parse.GetValue(count), parse.GetValue(concurrency), parse.GetValue(seed), parse.GetValue(results), ask, lockText,
                new PaymentSplit(parse.GetValue(maxParts), parse.GetValue(minPart), parse.GetValue(maxFee), parse.GetValue(maxPart)), ct);
        });
        return command;
    }

    private static async Task<int> RunAsync(string dir, string from, string to, ulong amount, int count, int concurrency, int? seed, string? resultsFile, BlindedAsk? blinded, string lockKind, PaymentSplit split, CancellationToken ct)
    {
        var folder = NetworkFolder.Load(dir, out var errors) ?? throw new UsageException($"--dir: {string.Join(" ", errors)}");
        var names = string.Join(", ", folder.Network.Nodes.Select(n => n.Name));
        if (folder.Node(from) is null || folder.Node(to) is null || from == to)
        {
            throw new UsageException($"--from and --to: two different nodes of the network ({names}).");
        }

        if (amount == 0 || count is < 1 or > 100_000 || concurrency is < 1 or > 256)
        {
            throw new UsageException("--amount-msat above 0, --count from 1 to 100000, --concurrency from 1 to 256.");
        }

        if (split.MaxParts is < 1 or > 64 || split.MinPartMsat is 0 || split.MaxPartMsat is 0)
        {
            throw new UsageException($"--max-parts from 1 (never split) to 64 (default {PayRequest.DefaultMaxParts}); --min-part-msat above 0 (default {PayRequest.DefaultMinPartMsat}); --max-part-msat above 0 (default: no limit).");
        }

        var random = seed is { } s ? new Random(s) : null;
        var plan = Enumerable.Range(0, count)
            .Select(_ => new PlannedPayment(from, to, random is null ? amount : Math.Max(1, (ulong)(amount * (0.9 + (0.2 * random.NextDouble())))), blinded) { Split = split })
            .ToList();
        var clients = new Dictionary<string, NodeClient>(StringComparer.Ordinal) { [from] = folder.Client(from, TimeSpan.FromSeconds(5)), [to] = folder.Client(to, TimeSpan.FromSeconds(5)) };
        var progress = new ProgressLine(Console.Error, "payments");
        var clock = Stopwatch.StartNew();
        var run = new PaymentRun(n => clients[n], concurrency)
        {
            StopWhenANodeGoes = true,
            Lock = lockKind,
            Progress = count > 1 ? (done, total) => progress.Update(done, total, clock.Elapsed) : null,
        };
        IReadOnlyList<PaymentRecord> results;
        try
        {
            results = await run.RunAsync(plan, ct);
        }
        finally
        {
            foreach (var c in clients.Values)
            {
                c.Dispose();
            }
        }

        if (count > 1)
        {
            progress.Done(string.Create(CultureInfo.InvariantCulture, $"{results.Count(r => r.Unknown is null && r.Result.Status == PaymentStatus.Succeeded)} of {count} succeeded in {clock.Elapsed.TotalSeconds:0.00} s"));
        }

        PayOutcome.Write(Console.Out, Console.Error, results, run.StoppedBecause, dir);
        if (resultsFile is not null)
        {
            ResultsFile.WritePayments(resultsFile, "pay", results);
            await Console.Error.WriteLineAsync($"Wrote {results.Count} payments to {resultsFile}.");
        }

        return results.All(r => r.Unknown is null && r.Result.Status == PaymentStatus.Succeeded) ? ExitCodes.Success : ExitCodes.Refused;
    }
}
