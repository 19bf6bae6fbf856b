using System.Diagnostics;
using System.Runtime;
using System.Runtime.ExceptionServices;

namespace LnRelay.Orchestrator.Bench;

/// <summary>
/// One payment the benchmark will send: payer, payee, and whether it is meant to fail. A value, so a
/// phase's plan is one array rather than an object per payment that the first collection in the phase
/// copies (docs/performance.md, "GC survivors at half rate (session 8)"): the driver must not be what
/// the benchmark measures.
/// </summary>
internal readonly record struct PlannedPayment(string From, string To, bool UnknownHash);

/// <summary>
/// One measured phase: <c>count</c> payments either as fast as the network takes them
/// (closed loop: <c>concurrency</c> payments always in flight, the next starting when one
/// ends) or paced at a fixed rate (open loop: payment i starts at i / rate seconds whatever
/// the others do, at most <c>concurrency</c> in flight, and its latency counts from when it
/// was due, so a network that falls behind shows it in the percentiles rather than hiding it).
/// </summary>
internal static class BenchPhase
{
    /// <summary>
    /// Runs the plan, each payment of <see cref="BenchNetworkOptions.AmountMsat"/>. Flat out, with
    /// <paramref name="enough"/> the phase stops taking new payments once it says so (given the
    /// payments started and the time so far), before the plan runs out.
    /// </summary>
    public static async Task<PhaseResult> RunAsync(
        string name, IBenchPayments driver, IReadOnlyList<PlannedPayment> plan, int concurrency, double? rate, BenchProgress progress, CancellationToken ct, Func<int, TimeSpan, bool>? enough = null)
    {
        var started = plan.Count;
        var latencies = new double[plan.Count];
        var hops = new int[plan.Count];
        var failed = new bool[plan.Count];
        var expectedFailures = 0;
        string? firstFailure = null;
        var done = 0;
        var cpuBefore = ProcessMemory.CpuTime();
        var machineBefore = Machine.CpuTime();
        var pauseBefore = GC.GetTotalPauseDuration();
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var activityBefore = ThreadActivity.Now();
        var jitBefore = (Time: JitInfo.GetCompilationTime(currentThread: false), Methods: JitInfo.GetCompiledMethodCount(currentThread: false));
        var collectionsBefore = Enumerable.Range(0, GC.MaxGeneration + 1).Select(GC.CollectionCount).ToArray();
        var lateStarts = new double[plan.Count];
        var clock = Stopwatch.StartNew();
        using var ticker = progress.Start(name, enough is null ? plan.Count : null, () => Volatile.Read(ref done), clock);

        async Task PayOne(int i, TimeSpan due)
        {
            var p = plan[i];
            lateStarts[i] = (clock.Elapsed - due).TotalMilliseconds;
            var outcome = await driver.PayAsync(p.From, p.To, BenchNetworkOptions.AmountMsat, p.UnknownHash, ct);
            latencies[i] = (clock.Elapsed - due).TotalMilliseconds;
            hops[i] = outcome.Hops;
            if (p.UnknownHash && !outcome.Succeeded && outcome.Failure == "incorrect_or_unknown_payment_details")
            {
                Interlocked.Increment(ref expectedFailures);
            }
            else if (outcome.Succeeded == p.UnknownHash)
            {
                failed[i] = true;
                Interlocked.CompareExchange(ref firstFailure, $"{p.From} to {p.To}: {outcome.Failure ?? "succeeded, but was meant to fail"}", null);
            }

            Interlocked.Increment(ref done);
        }

        if (rate is not { } perSecond)
        {
            var next = -1;
            await Task.WhenAll(Enumerable.Range(0, Math.Min(concurrency, plan.Count)).Select(_ => Task.Run(
                async () =>
                {
                    // Asked before taking an index, so the payments taken are always 0..n-1.
                    int i;
                    while (!(enough?.Invoke(Volatile.Read(ref next) + 1, clock.Elapsed) ?? false) && (i = Interlocked.Increment(ref next)) < plan.Count)
                    {
                        await PayOne(i, clock.Elapsed);
                    }
                },
                ct)));
            started = Math.Min(Volatile.Read(ref next) + 1, plan.Count);
        }
        else
        {
            // No list of the payments' tasks: over a long phase it would hold every finished task
            // (hundreds of bytes each), and the run would measure the benchmark's own growth. The
            // slots say when all have ended, and the first exception is kept to be thrown.
            using var slots = new SemaphoreSlim(concurrency, concurrency);
            Exception? crash = null;
            await PacingThread.RunAsync(
                () =>
                {
                    for (var i = 0; i < plan.Count && Volatile.Read(ref crash) is null; i++)
                    {
                        var due = TimeSpan.FromSeconds(i / perSecond);
                        PacingThread.WaitUntil(clock, due, ct);
                        slots.Wait(ct);
                        _ = Run(i, due);
                    }
                });

            for (var k = 0; k < concurrency; k++)
            {
                await slots.WaitAsync(ct);
            }

            if (crash is not null)
            {
                ExceptionDispatchInfo.Throw(crash);
            }

            async Task Run(int i, TimeSpan due)
            {
                try
                {
                    await PayOne(i, due);
                }
                catch (Exception e)
                {
                    Interlocked.CompareExchange(ref crash, e, null);
                }
                finally
                {
                    slots.Release();
                }
            }
        }

        var elapsed = clock.Elapsed;
        var cpu = ProcessMemory.CpuTime() - cpuBefore;
        var machineAfter = Machine.CpuTime();
        var collections = Enumerable.Range(0, GC.MaxGeneration + 1).Select(g => GC.CollectionCount(g) - collectionsBefore[g]).ToArray();
        var pause = GC.GetTotalPauseDuration() - pauseBefore;
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        var activityAfter = ThreadActivity.Now();
        var jitTime = JitInfo.GetCompilationTime(currentThread: false) - jitBefore.Time;
        var jitMethods = JitInfo.GetCompiledMethodCount(currentThread: false) - jitBefore.Methods;
        latencies = latencies[..started];
        lateStarts = lateStarts[..started];
        Array.Sort(latencies);
        Array.Sort(lateStarts);
        var succeededHops = hops[..started].Where(h => h > 0).ToArray();
        return new PhaseResult(
            name,
            started,
            elapsed,
            latencies,
            failed.Count(f => f),
            expectedFailures,
            cpu,
            succeededHops.Length == 0 ? 0 : succeededHops.Average(),
            firstFailure,
            rate)
        {
            LateStartsMs = lateStarts,
            GcCollections = collections,
            GcPause = pause,
            AllocatedBytes = allocated,
            WorkItems = activityAfter.WorkItems - activityBefore.WorkItems,
            ContextSwitches = activityAfter.ContextSwitches - activityBefore.ContextSwitches,
            JitTime = jitTime,
            JitMethods = jitMethods,
            MachineCpu = machineBefore is { } b && machineAfter is { } a ? (a.Total - b.Total, a.Idle - b.Idle) : null,
        };
    }
}

/// <summary>What one phase measured. <see cref="LatenciesMs"/> is sorted.</summary>
internal sealed record PhaseResult(
    string Name,
    int Payments,
    TimeSpan Elapsed,
    double[] LatenciesMs,
    int Failures,
    int ExpectedFailures,
    TimeSpan Cpu,
    double MeanHops,
    string? FirstFailure,
    double? TargetRate)
{
    public double PaymentsPerSecond => Payments / Elapsed.TotalSeconds;

    /// <summary>How late each payment started after it was due (sorted): the pacing loop's own delay, which a paced phase's latency includes.</summary>
    public double[] LateStartsMs { get; init; } = [];

    /// <summary>Garbage collections during the phase, by generation.</summary>
    public int[] GcCollections { get; init; } = [];

    /// <summary>Time the garbage collector paused the process during the phase.</summary>
    public TimeSpan GcPause { get; init; }

    /// <summary>Bytes this process allocated on the managed heap during the phase (every thread: the nodes' and the driver's).</summary>
    public long AllocatedBytes { get; init; }

    /// <summary>Managed bytes allocated per payment: what makes the garbage collector run (docs/performance.md, "p99 at half rate").</summary>
    public double AllocatedBytesPerPayment => Payments == 0 ? 0 : (double)AllocatedBytes / Payments;

    /// <summary>Thread-pool work items this process ran during the phase (docs/performance.md, "Transport per-message costs").</summary>
    public long WorkItems { get; init; }

    /// <summary>Context switches of every thread of this process during the phase (null where getrusage is missing).</summary>
    public long? ContextSwitches { get; init; }

    /// <summary>
    /// Time the JIT spent compiling during the phase, every thread (mostly tiered compilation's
    /// background thread recompiling hot code): CPU a steady-state node would not spend
    /// (docs/performance.md, "Line CPU outside the onion").
    /// </summary>
    public TimeSpan JitTime { get; init; }

    /// <summary>Methods the JIT compiled during the phase (each tier counted).</summary>
    public long JitMethods { get; init; }

    /// <summary><see cref="JitTime"/> per payment, in microseconds.</summary>
    public double JitMicrosecondsPerPayment => JitTime.TotalMicroseconds / Math.Max(1, Payments);

    /// <summary><see cref="WorkItems"/> per payment.</summary>
    public double WorkItemsPerPayment => (double)WorkItems / Math.Max(1, Payments);

    /// <summary><see cref="ContextSwitches"/> per payment (null where they are not counted).</summary>
    public double? ContextSwitchesPerPayment => ContextSwitches is { } switches ? (double)switches / Math.Max(1, Payments) : null;

    /// <summary>The machine's CPU time during the phase, all processors, and how much was idle (null where /proc/stat is missing).</summary>
    public (TimeSpan Total, TimeSpan Idle)? MachineCpu { get; init; }

    /// <summary>This process's CPU time over the phase's wall-clock time on every core (the kernel keeps a process's CPU time exactly).</summary>
    public double OurShare(int cores) => Cpu / (Elapsed * cores);

    /// <summary>
    /// The machine's idle share during the phase. Linux counts it by sampling at each timer tick
    /// (TICK_CPU_ACCOUNTING): right for a busy machine, wrong for a paced loop that wakes on the tick.
    /// </summary>
    public double? IdleShare => MachineCpu is { } m && m.Total > TimeSpan.Zero ? m.Idle / m.Total : null;

    /// <summary>
    /// The rate this phase's CPU cost per payment allows when the process has every core to
    /// itself: cores / CPU seconds per payment. On a machine shared with other work this is
    /// what the measured rate would be if the others stopped (no allowance for waiting).
    /// </summary>
    public double CpuBoundPaymentsPerSecond(int cores) => cores / CpuSecondsPerPayment;

    public double CpuSecondsPerPayment => Cpu.TotalSeconds / Payments;

    /// <summary>The phase's rate, p50, p99 and CPU per payment as JSON: the other side of a side-by-side comparison (<c>--lock hash,point</c>, <c>--parts K</c>).</summary>
    public System.Text.Json.Nodes.JsonObject SummaryJson() => new()
    {
        ["payments_per_s"] = Math.Round(PaymentsPerSecond, 1),
        ["p50_ms"] = Math.Round(PercentileMs(50), 2),
        ["p99_ms"] = Math.Round(PercentileMs(99), 2),
        ["cpu_s_per_payment"] = Math.Round(CpuSecondsPerPayment, 6),
    };

    /// <summary>The nearest-rank percentile (0 &lt; <paramref name="percent"/> ≤ 100) of the payments' latencies.</summary>
    public double PercentileMs(double percent) => Percentile(LatenciesMs, percent);

    /// <summary>The nearest-rank percentile of sorted values; 0 for none.</summary>
    public static double Percentile(double[] sorted, double percent)
    {
        if (sorted.Length == 0)
        {
            return 0;
        }

        var rank = (int)Math.Ceiling(percent / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}
