using System.Diagnostics;
using System.Globalization;
using LnRelay.Node.Store;
using LnRelay.Orchestrator.NetworkSetup;
using LnRelay.Orchestrator.Rendering;
using LnRelay.Orchestrator.Topology;

namespace LnRelay.Orchestrator.Bench;

/// <summary>
/// <c>bench network --processes P</c>: the measured part of a run whose nodes live in P
/// child processes (<see cref="ShardedNetwork"/>) instead of this one, for networks larger
/// than one process's open files allow (docs/performance.md "Many nodes in several
/// processes"). The same phases and figures as in one process (<see cref="BenchNetworkRun"/>),
/// summed over every process: CPU (this one's and each child's, from /proc/PID/stat), GC
/// pauses and collections, store commits; memory per node from the children's resident sets
/// and, after a full collection in each child, what they hold.
/// </summary>
internal static class BenchShardsRun
{
    /// <summary>A shard's nodes start one after the other: this long each at most, on top of the connect deadline's minimum.</summary>
    private static readonly TimeSpan StartDeadlinePerNode = TimeSpan.FromSeconds(1);

    public static async Task<BenchNetworkResult> MeasureAsync(
        BenchNetworkOptions options, ShardPlan plan, NetworkTopology topology, NetworkFolder folder, Random random, bool inMemory, string lockKind, int parts, BenchProgress progress, StepTimer steps, CancellationToken ct)
    {
        progress.Note(Text($"Starting {topology.Nodes.Count} nodes in {ShardPlan.Count(plan.Processes)} ({topology.Channels.Count} channels, {(inMemory ? "in memory, no stores" : $"durable: a store per node, sync {options.Sync.Name()}")}, {lockKind} locks; {plan.Reason})…"));
        var startDeadline = BenchNetworkRun.MinConnectDeadline + (StartDeadlinePerNode * plan.Shards.Max(s => s.Count));
        var clock = Stopwatch.StartNew();
        var (network, heldBaselineMb, baselineMb) = await ShardedNetwork.StartAsync(folder, plan, inMemory, options.Sync, startDeadline, progress, ct);
        await using (network)
        {
            var startedAt = await network.FiguresAsync(collect: false, ct);
            var started = new StepFigure(Text($"start nodes ({ShardPlan.Count(plan.Processes, "process")})"), clock.Elapsed, startedAt.ResidentMb.Sum() - baselineMb, startedAt.ResidentMb.Sum());
            clock.Restart();
            await network.WaitConnectedAsync(BenchNetworkRun.MinConnectDeadline + (BenchNetworkRun.ConnectDeadlinePerNode * topology.Nodes.Count), progress, ct);
            var connectTime = clock.Elapsed;
            var idle = await network.FiguresAsync(collect: true, ct);
            var connected = new StepFigure("connect every channel's peers", connectTime, idle.ResidentMb.Sum() - startedAt.ResidentMb.Sum(), idle.ResidentMb.Sum());

            progress.Note("Timing the onion work of one payment (the cryptographic ceiling)…");
            var ceiling = CryptoCeiling.Measure(options.IsLine ? topology.Nodes.Count - 1 : BenchNetworkRun.CeilingBuildHops);

            var startHeight = (await Task.WhenAll(network.Shards.Select(s => s.StartedAll))).Max(e => (uint)e["height"]!);
            var chain = new BenchChain(startHeight, network.Announce, () => 0, options.BlockEvery);
            var driver = new MinedBenchPayments(new ShardBenchPayments(network, lockKind, parts), chain);
            var warmUp = Math.Min(BenchNetworkRun.MaxWarmUp, Math.Max(options.Concurrency, options.Payments / 10));
            var warmUpFor = options.Payments >= BenchNetworkRun.MinPaymentsForTimedWarmUp ? BenchNetworkRun.WarmUpTime : TimeSpan.Zero;
            var warm = await PhaseAsync(network, () => BenchPhase.RunAsync(
                "warm-up", driver, BenchNetworkRun.Plan(options, topology, random, BenchNetworkRun.MaxTimedWarmUp), options.Concurrency, null, progress, ct, (s, elapsed) => s >= warmUp && elapsed >= warmUpFor), ct);

            var atStart = await network.FiguresAsync(collect: true, ct);
            var phases = new List<PhaseResult>();
            var commits = new List<long>();
            var heldAfter = new List<double>();
            var first = options.RateMode == BenchRateMode.Fixed ? (double?)options.Rate : null;
            var (main, mainCommits) = await PhaseAsync(network, () => BenchPhase.RunAsync(first is null ? "max" : "paced", driver, BenchNetworkRun.Plan(options, topology, random, options.Payments), options.Concurrency, first, progress, ct), ct);
            phases.Add(main);
            commits.Add(mainCommits);
            var end = await network.FiguresAsync(collect: true, ct);
            heldAfter.Add(end.HeldMb.Sum());
            if (options.RateMode == BenchRateMode.MaxThenHalf)
            {
                var (half, halfCommits) = await PhaseAsync(network, () => BenchPhase.RunAsync("half rate", driver, BenchNetworkRun.Plan(options, topology, random, options.Payments), BenchNetworkOptions.MaxConcurrency, main.PaymentsPerSecond / 2, progress, ct), ct);
                phases.Add(half);
                commits.Add(halfCommits);
                end = await network.FiguresAsync(collect: true, ct);
                heldAfter.Add(end.HeldMb.Sum());
            }

            var result = new BenchNetworkResult
            {
                Options = options,
                Topology = topology,
                Driver = driver.Describe,
                Ceiling = ceiling,
                WarmUp = warm.Phase,
                Phases = phases,
                InMemory = inMemory,
                Lock = lockKind,
                Parts = parts,
                PhaseCommits = commits,
                BaselineMb = baselineMb,
                StartedMb = idle.ResidentMb.Sum(),
                HeapBaselineMb = heldBaselineMb,
                HeapIdleMb = idle.HeldMb.Sum(),
                Steps = [.. steps.Steps, started, connected],
                // Each child's own peak, summed: at most what they held at once (their peaks need not coincide).
                PeakMb = end.PeakMb.Sum(),
                HeapStartMb = atStart.HeldMb.Sum(),
                HeapAfterPhasesMb = heldAfter,
                Blocks = chain.Blocks,
                ReplayLogEntries = end.ReplayLogEntries,
                ResidentStartMb = atStart.ResidentMb.Sum(),
                ResidentEndMb = end.ResidentMb.Sum(),
                Sharded = new ShardedRun(plan, [.. network.Shards.Select(s => s.ProcessId)], end.PeakMb, end.HeldMb, ProcessMemory.PeakResidentMb()),
            };
            progress.Note(Text($"Stopping the nodes and the {ShardPlan.Count(plan.Processes)}…"));
            return result;
        }
    }

    /// <summary>
    /// Runs one phase and adds the children's part to this process's figures: their CPU
    /// time and GC pauses and collections over the phase; with their store commits.
    /// </summary>
    private static async Task<(PhaseResult Phase, long Commits)> PhaseAsync(ShardedNetwork network, Func<Task<PhaseResult>> run, CancellationToken ct)
    {
        var before = await network.FiguresAsync(collect: false, ct);
        var phase = await run();
        var after = await network.FiguresAsync(collect: false, ct);
        return (phase with
        {
            Cpu = phase.Cpu + (after.Cpu - before.Cpu),
            GcPause = phase.GcPause + (after.GcPause - before.GcPause),
            GcCollections = [.. phase.GcCollections.Select((c, g) => c + after.GcCollections[g] - before.GcCollections[g])],
        }, after.Commits - before.Commits);
    }

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

/// <summary>How a <c>--processes</c> run was split, and each child's figures at the end: the process ids (for tests and for reading /proc), peak and held MB.</summary>
internal sealed record ShardedRun(ShardPlan Plan, IReadOnlyList<int> ProcessIds, IReadOnlyList<double> PeakMb, IReadOnlyList<double> HeldMb, double ParentPeakMb);
