using System.CommandLine;
using LnRelay.Orchestrator.Bench;
using LnRelay.Orchestrator.Hosting;
using LnRelay.Orchestrator.Rendering;

namespace LnRelay.Orchestrator.Cli;

/// <summary><c>lnrelay bench network</c>: parses the options, runs <see cref="BenchNetworkRun"/> and renders its <see cref="BenchNetworkOutcome"/>.</summary>
internal static class BenchNetworkCommand
{
    public static Command Build()
    {
        var nodes = new Option<int?>("--nodes")
        {
            Description = "A random connected graph of N nodes (a random spanning tree plus N/2 channels; payer and payee " +
                "drawn at random for each payment), 2 to 10,000, all in this process (or in child processes with --processes); the open-file " +
                "limit is checked (and the soft limit raised to the hard one) before any starts. Without --via-api the nodes serve no control API (no listener each). " +
                "Start-up reports each step's time and memory. Leave it out for the five-node line n1-n2-n3-n4-n5, paid end to end (4 hops).",
        };
        var payments = new Option<int>("--payments")
        {
            Description = "Payments per measured phase. A warm-up comes first and is reported apart: at least " +
                "min(500, max(concurrency, payments/10)) payments and, for runs of 2000 or more, at least 5 s " +
                "(up to 50,000 payments) while the JIT settles; in such runs each paced phase also follows 2 s " +
                "paced at its own rate (its own row), which makes the paced path's code hot.",
            DefaultValueFactory = _ => BenchNetworkOptions.DefaultPayments,
        };
        var concurrency = new Option<int>("--concurrency")
        {
            Description = $"Payments in flight at once when running flat out (1 to {BenchNetworkOptions.MaxConcurrency}).",
            DefaultValueFactory = _ => BenchNetworkOptions.DefaultConcurrency,
        };
        var rate = new Option<string>("--rate")
        {
            Description = "auto: flat out, then a second phase paced at half the rate measured (the latency a network has " +
                "when it is not saturated); max: flat out only; a number: one phase paced at that many payments per second. " +
                "Paced payments start on schedule whatever the others do, and their latency counts from when they were due.",
            DefaultValueFactory = _ => BenchNetworkOptions.DefaultRate,
        };
        var failPercent = new Option<double>("--fail-percent")
        {
            Description = "Send this percent of payments to a hash the payee never issued: they fail at the payee " +
                "(incorrect_or_unknown_payment_details) and are counted apart from failures, which must be zero.",
        };
        var seed = new Option<int>("--seed") { Description = "Seed for the random graph, the payers and payees.", DefaultValueFactory = _ => BenchNetworkOptions.DefaultSeed };
        var viaApi = new Option<bool>("--via-api")
        {
            Description = "Ask for each invoice and payment through the nodes' control APIs (loopback HTTP, as 'lnrelay pay' " +
                "does) instead of calling the payee's invoice book and the payer in process. Measures the API's cost too.",
        };
        var basePort = new Option<int?>("--base-port")
        {
            Description = "Give node i ports N+2i (peers) and N+2i+1 (its API, if any) instead of ports chosen free at init. " +
                "For thousands of nodes on a shared machine: ports chosen free at init may be taken by another process " +
                "before the last node starts a minute later; a range below 20000 (e.g. 10000) is clear of lnrelay's own free " +
                "choices (20000 to the ephemeral range).",
        };
        var blockEvery = new Option<int>("--block-every")
        {
            Description = "The simulated chain finds a block every N payments, at every node at once. Each node's replay log " +
                "forgets an onion once the height passes its HTLC's expiry, so this is what keeps a long run's memory flat. " +
                "0 keeps the chain still (the logs then keep every onion, and memory grows with every payment).",
            DefaultValueFactory = _ => BenchNetworkOptions.DefaultBlockEvery,
        };
        var durable = new Option<bool>("--durable")
        {
            Description = "Every node keeps its store (node.db, docs/store.md) and commits each group of decisions before " +
                "their messages leave, as it does outside benchmarks. On by default; '--durable false --in-memory' measures " +
                "nodes without stores only. The report gives fsyncs per payment.",
            DefaultValueFactory = _ => true,
        };
        var inMemory = new Option<bool>("--in-memory")
        {
            Description = "Also measure, first and with the same plan, a network whose nodes keep no store, and report both " +
                "side by side with the durable/in-memory ratio: what durability costs.",
        };
        var sync = new Option<string>("--sync")
        {
            Description = "How hard each durable node's commits push to the disk (Store:Synchronous, docs/store.md): full (the default, " +
                "as nodes run: each commit is synced and survives a power cut) or normal (no fsync per commit: survives a killed " +
                "process, not an operating-system crash or a power cut). The report gives fsyncs per payment either way (commits).",
            DefaultValueFactory = _ => "full",
        };
        var output = new Option<string?>("--out")
        {
            Description = "Keep the network (keys, network.json, every node's log) in this new folder. Default: a temporary folder, deleted at the end.",
        };
        var json = new Option<bool>("--json")
        {
            Description = "End with one JSON line: payments_per_s, p50_ms, p95_ms, p99_ms, cpu_s_per_payment, alloc_bytes_per_payment, ceiling_payments_per_s, " +
                "ratio, mem_per_node_mb, failures, half_rate_*, parts (with --parts: single_part {...} and multi_over_single) and more (docs/performance.md).",
        };
        var lockKind = new Option<string>("--lock")
        {
            Description = "The payments' lock: hash (HTLCs), point (lnrelay-experimental point locks, docs/ptlc.md), or hash,point to measure both " +
                "with the same plan and report them side by side, with the point arithmetic each hop adds.",
            DefaultValueFactory = _ => "hash",
        };
        var parts = new Option<int>("--parts")
        {
            Description = $"Multi-part payments (docs/mpp.md): also measure, with the same plan, payments that each go as K parts (2 to {BenchNetworkOptions.MaxParts}), " +
                "and report them beside single-part payments: payments/s, p50/p99 and CPU per payment of each. The split is forced by the payer's " +
                "largest part (max_part_msat = amount / K, lnd's max_shard_size_msat), not by an amount above what K-1 routes carry: the bench's " +
                "channels are sized so that a long run never runs out of balance, and the line has one route, so starving channels to force a split " +
                "would fail later payments on balance instead of measuring MPP. Every part is a full HTLC (its own route, onion and set entry at the " +
                "payee, which holds the parts and settles them together).",
            DefaultValueFactory = _ => 1,
        };
        var processes = new Option<string?>("--processes")
        {
            HelpName = "P|auto",
            Description = "Host the nodes in P child processes (consecutive shards of the network file's nodes, each a 'k8s host'-style " +
                "shard on 127.0.0.1) instead of this one, for more nodes than one process's open-file limit allows; 'auto': as few as that " +
                "limit allows, with the reason printed. This process writes the network folder, drives the payments into the children over " +
                "a pipe each, and sums CPU, GC and memory over every process. Children are stopped on every way out (Ctrl+C, a failing child).",
        };
        var command = new Command(
            "network",
            "Start a network in this process, send payments through it over real TCP, and report payments per second, " +
            "latency p50/p95/p99, CPU time per payment, memory (peak, per node, held before and after), failures, and the " +
            "cryptographic ceiling measured in the same run: the onion work of one payment (one build, one peel per hop) " +
            "spread over every core, with the ratio of the measured rate to it. Every node is a full lnrelay node " +
            "(channels, switch, STS transport, logs, control API). Exit 0 when no payment failed unexpectedly.\n" +
            "Examples:\n" +
            "  lnrelay bench network                                     the five-node line, flat out then at half rate\n" +
            "  lnrelay bench network --payments 20000 --rate max --json  a longer run, one phase, a JSON line at the end\n" +
            "  lnrelay bench network --nodes 100 --payments 2000         100 nodes in one process\n" +
            "  lnrelay bench network --rate 500                          latency at a steady 500 payments/s\n" +
            "  lnrelay bench network --in-memory                         durable and in-memory networks, side by side\n" +
            "  lnrelay bench network --sync normal                       durable nodes without an fsync per commit\n" +
            "  lnrelay bench network --lock hash,point                   HTLCs and point locks, side by side\n" +
            "  lnrelay bench network --parts 4                           single-part and 4-part payments, side by side\n" +
            "  lnrelay bench network --payments 100000                   a long run: memory held after each phase shows no growth\n" +
            "  lnrelay bench network --nodes 5000 --processes auto --rate max --base-port 10000   5,000 nodes in as few processes as the open-file limit allows")
        {
            nodes,
            payments,
            concurrency,
            rate,
            failPercent,
            seed,
            viaApi,
            blockEvery,
            durable,
            inMemory,
            sync,
            output,
            json,
            lockKind,
            parts,
            basePort,
            processes,
        };
        command.SetAction(async (parse, ct) =>
        {
            var options = BenchNetworkOptions.Create(
                parse.GetValue(nodes),
                parse.GetValue(payments),
                parse.GetValue(concurrency),
                parse.GetValue(rate)!,
                parse.GetValue(failPercent),
                parse.GetValue(seed),
                parse.GetValue(viaApi),
                parse.GetValue(output),
                parse.GetValue(json),
                parse.GetValue(blockEvery),
                parse.GetValue(durable),
                parse.GetValue(inMemory),
                parse.GetValue(lockKind)!,
                parse.GetValue(parts)) with
            { BasePort = parse.GetValue(basePort), Sync = BenchNetworkOptions.ParseSync(parse.GetValue(sync)!), Processes = ShardPlan.ParseOption(parse.GetValue(processes), parse.GetValue(viaApi)) };
            using var stop = StopSignal.Create(ct);
            BenchNetworkOutcome outcome;
            try
            {
                outcome = await BenchNetworkRun.RunAsync(options, Console.Error, stop.Token);
            }
            catch (OperationCanceledException) when (stop.Token.IsCancellationRequested)
            {
                await Console.Error.WriteLineAsync("lnrelay: interrupted; every node stopped.");
                return ExitCodes.Refused;
            }

            if (outcome.Refusal is { } refusal)
            {
                await Console.Error.WriteLineAsync($"lnrelay: {refusal}");
                return ExitCodes.Refused;
            }

            outcome.Write(Console.Out);
            if (options.Json)
            {
                JsonOutput.WriteLine(outcome.Json());
            }

            return outcome.AllPaid ? ExitCodes.Success : ExitCodes.Refused;
        });
        return command;
    }
}
