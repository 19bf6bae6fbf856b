using LnRelay.Node.Store;
using LnRelay.Orchestrator.Client;
using LnRelay.Orchestrator.Hosting;
using LnRelay.Orchestrator.NetworkSetup;
using LnRelay.Orchestrator.Rendering;
using LnRelay.Orchestrator.Topology;

namespace LnRelay.Orchestrator.Bench;

/// <summary>
/// <c>lnrelay bench network</c> from start to end: builds the topology, initialises it into
/// a folder (keys, tokens, network.json), starts every node in this process, waits for every
/// peer link, times the onion work of one payment (the cryptographic ceiling), sends a
/// warm-up, then the measured phases, and reports. Memory is read before the nodes start
/// (the baseline), while they run (the peak), and after a full collection at the start and
/// end of the measured payments (what the process still holds).
/// </summary>
internal static class BenchNetworkRun
{
    /// <summary>Payments sent before measuring at least (fewer if the run is smaller), so that JIT compilation, first connections' buffers and pools are not measured.</summary>
    internal const int MaxWarmUp = 500;

    /// <summary>Runs of at least this many payments also warm up for <see cref="WarmUpTime"/>, up to <see cref="MaxTimedWarmUp"/> payments.</summary>
    internal const int MinPaymentsForTimedWarmUp = 2_000;

    internal const int MaxTimedWarmUp = 50_000;

    internal static readonly TimeSpan WarmUpTime = TimeSpan.FromSeconds(5);

    /// <summary>
    /// A paced phase of a timed run first runs this long at its own rate, unmeasured: pacing wakes
    /// the nodes' threads one message at a time, code the flat-out warm-up never made hot, and the
    /// paced phase otherwise spent 35-70 us a payment compiling it (docs/performance.md, "Tier-1
    /// without the delay").
    /// </summary>
    internal static readonly TimeSpan PacedWarmUpTime = TimeSpan.FromSeconds(2);

    /// <summary>At most this many payments in one paced warm-up (and in the channels' sizing for it).</summary>
    internal const int MaxPacedWarmUp = 10_000;

    internal static readonly TimeSpan ConnectDeadlinePerNode = TimeSpan.FromSeconds(1);
    internal static readonly TimeSpan MinConnectDeadline = TimeSpan.FromSeconds(30);

    /// <summary>Runs every measured network of <paramref name="options"/>; progress and step times go to <paramref name="error"/>, the figures come back (the command renders them).</summary>
    public static async Task<BenchNetworkOutcome> RunAsync(BenchNetworkOptions options, TextWriter error, CancellationToken ct)
    {
        var progress = new BenchProgress(error);
        var steps = new StepTimer(error);
        var random = new Random(options.Seed);
        var planned = MaxTimedWarmUp + MaxPacedWarmUp + ((long)options.Payments * (options.RateMode == BenchRateMode.MaxThenHalf ? 2 : 1));
        // A line's payments cross it end to end; a random graph's 2 to 6 channels (BenchPayees).
        var capacity = BenchTopology.CapacityFor(planned, BenchNetworkOptions.AmountMsat, options.IsLine ? options.NodeCount - 1 : BenchPayees.MaxHops, options.Parts);
        var topology = steps.Run("topology", () => options.IsLine ? BenchTopology.Line(options.NodeCount, capacity) : BenchTopology.RandomConnected(options.NodeCount, random, capacity));
        // The open-file limit before minutes of init: the same check the start makes, made early.
        var open = topology.Channels.Count(c => !c.Closed);
        var shards = new Dictionary<bool, ShardPlan>();
        foreach (var inMemory in options.InMemoryRuns)
        {
            if (options.Processes is { } processes)
            {
                // Several child processes: each shard's files against the hard limit (BenchShardsRun).
                if (ShardPlan.Make(topology.Nodes, [.. topology.Channels.Where(c => !c.Closed).Select(c => (c.Node1, c.Node2))], processes, durable: !inMemory, FileLimits.Current()?.Hard, out var refused) is not { } plan)
                {
                    return BenchNetworkOutcome.Refused(refused!);
                }

                shards[inMemory] = plan;
                continue;
            }

            if (FileLimits.Ensure(FileLimits.Needed(topology.Nodes.Count, open, options.ViaApi, durable: !inMemory), $"Hosting {topology.Nodes.Count:N0} nodes with {open:N0} open channels in one process") is { } limit)
            {
                return BenchNetworkOutcome.Refused(limit);
            }
        }

        var temporary = options.Out is null;
        var dir = options.Out ?? Path.Combine(Path.GetTempPath(), "lnrelay-bench-" + Guid.NewGuid().ToString("N")[..8]);
        var loadAtStart = Machine.LoadAverage();
        try
        {
            // One network per kind of store, each in its own folder, with the same plan (the same seed).
            var reports = new List<BenchNetworkResult>();
            foreach (var (lockKind, parts, inMemory) in options.Locks.SelectMany(l => options.PartCounts.SelectMany(k => options.InMemoryRuns.Select(m => (l, k, m)))))
            {
                var networkDir = options.InMemoryRuns.Count == 1 ? dir : Path.Combine(dir, inMemory ? "in-memory" : "durable");
                networkDir = options.Locks.Count == 1 ? networkDir : Path.Combine(networkDir, lockKind + "-lock");
                networkDir = options.PartCounts.Count == 1 ? networkDir : Path.Combine(networkDir, parts + "-part");
                var init = NetworkInitializer.Initialize(topology, networkDir, force: false, HostStyle.Local, options.BasePort, steps: steps);
                if (!init.Succeeded)
                {
                    return BenchNetworkOutcome.Refused(init.Error!);
                }

                var folder = NetworkFolder.Load(networkDir, out var errors) ?? throw new InvalidOperationException(string.Join(" ", errors));
                var load = reports.Count == 0 ? loadAtStart : Machine.LoadAverage();
                var measured = shards.TryGetValue(inMemory, out var shardPlan)
                    ? await BenchShardsRun.MeasureAsync(options, shardPlan, topology, folder, new Random(options.Seed), inMemory, lockKind, parts, progress, steps, ct)
                    : await MeasureAsync(options, topology, folder, new Random(options.Seed), inMemory, lockKind, parts, progress, steps, ct);
                reports.Add(measured with { LoadAtStart = load, LoadAtEnd = Machine.LoadAverage(), CpuModel = Machine.CpuModel() });
            }

            return new BenchNetworkOutcome(reports, options.Locks.Contains("point") ? PointLockCost.Measure() : null, null);
        }
        catch (Exception e) when (e is TimeoutException or NodeDiedException or NodeApiException or HttpRequestException or InvalidOperationException)
        {
            return BenchNetworkOutcome.Refused(e.Message);
        }
        finally
        {
            if (temporary)
            {
                TryDelete(dir);
            }
        }
    }

    private static async Task<BenchNetworkResult> MeasureAsync(BenchNetworkOptions options, NetworkTopology topology, NetworkFolder folder, Random random, bool inMemory, string lockKind, int parts, BenchProgress progress, StepTimer steps, CancellationToken ct)
    {
        var heapBaselineMb = ProcessMemory.LiveHeapMb();
        var baselineMb = ProcessMemory.ResidentMb();
        progress.Note($"Starting {topology.Nodes.Count} nodes in this process ({topology.Channels.Count} channels, {(inMemory ? "in memory, no stores" : $"durable: a store per node, sync {options.Sync.Name()}")}, {lockKind} locks, {(parts > 1 ? $"{parts} parts per payment, " : "")}{(options.ViaApi ? "each with its control API" : "no control APIs: driven in process")})…");
        BenchNetworkResult result;
        await using (var network = await steps.RunAsync("start nodes", () => RunningNetwork.StartAsync(folder, inProcess: true, ct, inMemory, configure: (_, settings) => settings with { Synchronous = options.Sync }, controlApi: options.ViaApi, progress: progress.Writer)))
        {
            var deadline = MinConnectDeadline + (ConnectDeadlinePerNode * topology.Nodes.Count);
            await steps.RunAsync("connect every channel's peers", () => network.WaitConnectedAsync(deadline, progress.Writer, ct));
            var runtimes = network.Nodes.Cast<InProcessNode>().ToDictionary(n => n.Name, n => n.Runtime, StringComparer.Ordinal);
            await steps.RunAsync("warm the chain polls", () => ChainPollWarmUp.RunAsync(runtimes.Values.First(), ct));
            var startedMb = ProcessMemory.ResidentMb();
            var heapIdleMb = ProcessMemory.LiveHeapMb();

            progress.Note("Timing the onion work of one payment (the cryptographic ceiling)…");
            var ceiling = CryptoCeiling.Measure(options.IsLine ? topology.Nodes.Count - 1 : CeilingBuildHops);

            var chain = new BenchChain([.. runtimes.Values], options.BlockEvery);
            var driver = new MinedBenchPayments(options.ViaApi ? new ApiBenchPayments(network, lockKind, parts) : (IBenchPayments)new DirectBenchPayments(runtimes, lockKind, parts), chain);
            // Tiered compilation keeps recompiling hot code for its first seconds under load (in a
            // 5,000-payment run that cost a fifth more CPU per payment than in a 30,000-payment run):
            // a run long enough to be a benchmark warms up for a few seconds first.
            var warmUp = Math.Min(MaxWarmUp, Math.Max(options.Concurrency, options.Payments / 10));
            var warmUpFor = options.Payments >= MinPaymentsForTimedWarmUp ? WarmUpTime : TimeSpan.Zero;
            var warm = await BenchPhase.RunAsync(
                "warm-up", driver, Plan(options, topology, random, MaxTimedWarmUp), options.Concurrency, null, progress, ct, (started, elapsed) => started >= warmUp && elapsed >= warmUpFor);

            var heapStartMb = ProcessMemory.LiveHeapMb();
            var residentStartMb = ProcessMemory.ResidentMb();
            var phases = new List<PhaseResult>();
            var first = options.RateMode == BenchRateMode.Fixed ? (double?)options.Rate : null;
            var heapAfterPhasesMb = new List<double>();
            var commits = new List<long>();
            long Commits() => runtimes.Values.Sum(r => r.StoreCommits);
            var pacedWarmUps = new List<PhaseResult>();
            async Task PacedWarmUpAsync(double rate)
            {
                if (options.Payments >= MinPaymentsForTimedWarmUp)
                {
                    var count = (int)Math.Clamp(rate * PacedWarmUpTime.TotalSeconds, 1, MaxPacedWarmUp);
                    pacedWarmUps.Add(await BenchPhase.RunAsync("warm-up", driver, Plan(options, topology, random, count), BenchNetworkOptions.MaxConcurrency, rate, progress, ct));
                }
            }

            if (first is { } fixedRate)
            {
                await PacedWarmUpAsync(fixedRate);
            }

            var before = Commits();
            phases.Add(await BenchPhase.RunAsync(first is null ? "max" : "paced", driver, Plan(options, topology, random, options.Payments), options.Concurrency, first, progress, ct));
            commits.Add(Commits() - before);
            heapAfterPhasesMb.Add(ProcessMemory.LiveHeapMb());
            if (options.RateMode == BenchRateMode.MaxThenHalf)
            {
                var half = phases[0].PaymentsPerSecond / 2;
                await PacedWarmUpAsync(half);
                before = Commits();
                phases.Add(await BenchPhase.RunAsync("half rate", driver, Plan(options, topology, random, options.Payments), BenchNetworkOptions.MaxConcurrency, half, progress, ct));
                commits.Add(Commits() - before);
                heapAfterPhasesMb.Add(ProcessMemory.LiveHeapMb());
            }

            result = new BenchNetworkResult
            {
                Options = options,
                Topology = topology,
                Driver = driver.Describe,
                Ceiling = ceiling,
                WarmUp = warm,
                PacedWarmUps = pacedWarmUps,
                Phases = phases,
                InMemory = inMemory,
                Lock = lockKind,
                Parts = parts,
                PhaseCommits = commits,
                BaselineMb = baselineMb,
                StartedMb = startedMb,
                HeapBaselineMb = heapBaselineMb,
                HeapIdleMb = heapIdleMb,
                Steps = [.. steps.Steps],
                PeakMb = ProcessMemory.PeakResidentMb(),
                HeapStartMb = heapStartMb,
                HeapAfterPhasesMb = heapAfterPhasesMb,
                Blocks = chain.Blocks,
                ReplayLogEntries = chain.ReplayLogEntries,
                ResidentStartMb = residentStartMb,
                ResidentEndMb = ProcessMemory.ResidentMb(),
            };
            progress.Note("Stopping the nodes…");
        }

        return result;
    }

    /// <summary>For a random graph the build is timed at this many hops and scaled by the mean route length measured.</summary>
    internal const int CeilingBuildHops = 4;

    internal static List<PlannedPayment> Plan(BenchNetworkOptions options, NetworkTopology topology, Random random, int count)
    {
        var nodes = topology.Nodes;
        var payees = options.IsLine ? null : new BenchPayees(topology);
        var plan = new List<PlannedPayment>(count);
        for (var i = 0; i < count; i++)
        {
            string from, to;
            if (options.IsLine)
            {
                (from, to) = (nodes[0], nodes[^1]);
            }
            else
            {
                var (a, b) = payees!.Draw(random);
                (from, to) = (nodes[a], nodes[b]);
            }

            plan.Add(new PlannedPayment(from, to, random.NextDouble() * 100 < options.FailPercent));
        }

        return plan;
    }

    /// <summary>Deletes a run's temporary folder; one left behind is not worth failing a run over (the experiment uses it too).</summary>
    internal static void TryDelete(string dir)
    {
        try
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A temporary folder left behind is not worth failing a benchmark over.
        }
    }
}

/// <summary>Everything one run measured.</summary>
internal sealed record BenchNetworkResult
{
    public required BenchNetworkOptions Options { get; init; }

    public required NetworkTopology Topology { get; init; }

    public required string Driver { get; init; }

    public required CryptoCeiling Ceiling { get; init; }

    public required PhaseResult WarmUp { get; init; }

    /// <summary>The unmeasured paced warm-up before each paced phase (<see cref="BenchNetworkRun.PacedWarmUpTime"/>), in order; none for a short run.</summary>
    public IReadOnlyList<PhaseResult> PacedWarmUps { get; init; } = [];

    /// <summary>The measured phases: the first one's rate is the headline; the second, if any, is paced at half of it.</summary>
    public required IReadOnlyList<PhaseResult> Phases { get; init; }

    /// <summary>True: the nodes kept no store (--in-memory); false: each committed its decisions to node.db.</summary>
    public required bool InMemory { get; init; }

    /// <summary>Store transactions (each one fsync of a node's WAL) over each measured phase, all nodes together.</summary>
    public required IReadOnlyList<long> PhaseCommits { get; init; }

    public string StoreName => InMemory ? "in-memory" : "durable";

    /// <summary>The durable nodes' sync level (docs/store.md), or null in memory.</summary>
    public string? SyncName => InMemory ? null : Options.Sync.Name();

    /// <summary>"hash" or "point" (docs/ptlc.md): the lock every payment of this run used.</summary>
    public string Lock { get; init; } = "hash";

    /// <summary>Parts per payment: 1, or K with --parts K (docs/mpp.md).</summary>
    public int Parts { get; init; } = 1;

    /// <summary>fsyncs per payment in phase <paramref name="index"/>: every node's commits over the phase / its payments.</summary>
    public double FsyncsPerPayment(int index) => Phases[index].Payments == 0 ? 0 : (double)PhaseCommits[index] / Phases[index].Payments;

    /// <summary>Resident MB before any node started.</summary>
    public required double BaselineMb { get; init; }

    /// <summary>Resident MB once every node had started and connected, before any payment.</summary>
    public required double StartedMb { get; init; }

    public required double PeakMb { get; init; }

    public required double HeapStartMb { get; init; }

    /// <summary>Memory held after a full collection before any node started.</summary>
    public required double HeapBaselineMb { get; init; }

    /// <summary>Memory held after a full collection once every node had started and connected, before any payment.</summary>
    public required double HeapIdleMb { get; init; }

    /// <summary>The start-up's steps (topology, init, starting and connecting the nodes) with their time and memory.</summary>
    public required IReadOnlyList<StepFigure> Steps { get; init; }

    /// <summary>Held memory per node: (held at the end − held before the nodes) / nodes.</summary>
    public double HeldPerNodeMb => (HeapEndMb - HeapBaselineMb) / Topology.Nodes.Count;

    /// <summary>Held memory per node once connected, before payments.</summary>
    public double HeldIdlePerNodeMb => (HeapIdleMb - HeapBaselineMb) / Topology.Nodes.Count;

    /// <summary>Memory held after a full collection at the end of each measured phase.</summary>
    public required IReadOnlyList<double> HeapAfterPhasesMb { get; init; }

    /// <summary>Memory held at the end: after the last measured phase.</summary>
    public double HeapEndMb => HeapAfterPhasesMb[^1];

    /// <summary>Blocks the simulated chain found during the run (<see cref="BenchChain"/>).</summary>
    public required uint Blocks { get; init; }

    /// <summary>Onions in every node's replay log together at the end.</summary>
    public required long ReplayLogEntries { get; init; }

    /// <summary>
    /// Held bytes per payment over the last measured phase: from the held memory before it to
    /// after it. Once the nodes' bounded state is full (replay logs, the payers' recent
    /// payments) this is what a longer run would add per payment: 0 when nothing grows.
    /// </summary>
    public double LastPhaseGrowthBytesPerPayment
    {
        get
        {
            var before = HeapAfterPhasesMb.Count > 1 ? HeapAfterPhasesMb[^2] : HeapStartMb;
            return (HeapAfterPhasesMb[^1] - before) * 1024 * 1024 / Phases[^1].Payments;
        }
    }

    public required double ResidentStartMb { get; init; }

    public required double ResidentEndMb { get; init; }

    public string? LoadAtStart { get; init; }

    /// <summary>With --processes: how the nodes were split over child processes, and each one's figures; null when they ran in this process.</summary>
    public ShardedRun? Sharded { get; init; }

    public string? LoadAtEnd { get; init; }

    /// <summary>The processor (<see cref="Machine.CpuModel"/>), or null where it cannot be read.</summary>
    public string? CpuModel { get; init; }

    public PhaseResult Main => Phases[0];

    public int Failures => WarmUp.Failures + Phases.Sum(p => p.Failures);

    public int ExpectedFailures => WarmUp.ExpectedFailures + Phases.Sum(p => p.ExpectedFailures);

    public string? FirstFailure => new[] { WarmUp }.Concat(Phases).Select(p => p.FirstFailure).FirstOrDefault(f => f is not null);

    /// <summary>Mean hops of the main phase's successful payments (the line's length when every payment failed).</summary>
    public double Hops => Main.MeanHops > 0 ? Main.MeanHops : Topology.Nodes.Count - 1;

    /// <summary>A payment of K parts builds and peels K onions: the ceiling is that much lower.</summary>
    public double CeilingPaymentsPerSecond => Ceiling.PaymentsPerSecond(Hops) / Parts;

    public double Ratio => Main.PaymentsPerSecond / CeilingPaymentsPerSecond;

    /// <summary>The ratio the main phase's CPU cost allows with every core to itself: onion work per payment / CPU per payment.</summary>
    public double CpuBoundRatio => Main.CpuBoundPaymentsPerSecond(Ceiling.Cores) / CeilingPaymentsPerSecond;

    /// <summary>(peak − baseline) / nodes: what each node added to the process at its busiest.</summary>
    public double MemoryPerNodeMb => (PeakMb - BaselineMb) / Topology.Nodes.Count;

    public double IdleMemoryPerNodeMb => (StartedMb - BaselineMb) / Topology.Nodes.Count;
}
