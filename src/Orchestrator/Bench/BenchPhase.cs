using System.Diagnostics;

namespace LnRelay.Orchestrator.Bench;

/// <summary>One payment the benchmark will send: payer, payee, and whether it is meant to fail.</summary>
internal sealed record PlannedPayment(string From, string To, bool UnknownHash);

/// <summary>
/// One measured phase: <c>count</c> payments either as fast as the network takes them
/// (closed loop: <c>concurrency</c> payments always in flight, the next starting when one
/// ends) or paced at a fixed rate (open loop: payment i starts at i / rate seconds whatever
/// the others do, at most <c>concurrency</c> in flight, and its latency counts from when it
/// was due, so a network that falls behind shows it in the percentiles rather than hiding it).
/// </summary>
internal static class BenchPhase
{
    /// <summary>A paced loop that is early sleeps; one this close to the due time starts at once.</summary>
    private static readonly TimeSpan PacingSlack = TimeSpan.FromMilliseconds(1);

    public static async Task<PhaseResult> RunAsync(
        string name, IBenchPayments driver, IReadOnlyList<PlannedPayment> plan, int concurrency, double? rate, ulong amountMsat, BenchProgress progress, CancellationToken ct)
    {
        var latencies = new double[plan.Count];
        var hops = new int[plan.Count];
        var failed = new bool[plan.Count];
        var expectedFailures = 0;
        string? firstFailure = null;
        var done = 0;
        var cpuBefore = ProcessMemory.CpuTime();
        var pauseBefore = GC.GetTotalPauseDuration();
        var collectionsBefore = Enumerable.Range(0, GC.MaxGeneration + 1).Select(GC.CollectionCount).ToArray();
        var lateStarts = new double[plan.Count];
        var clock = Stopwatch.StartNew();
        using var ticker = progress.Start(name, plan.Count, () => Volatile.Read(ref done), clock);

        async Task PayOne(int i, TimeSpan due)
        {
            var p = plan[i];
            lateStarts[i] = (clock.Elapsed - due).TotalMilliseconds;
            var outcome = await driver.PayAsync(p.From, p.To, amountMsat, p.UnknownHash, ct);
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
                    int i;
                    while ((i = Interlocked.Increment(ref next)) < plan.Count)
                    {
                        await PayOne(i, clock.Elapsed);
                    }
                },
                ct)));
        }
        else
        {
            using var slots = new SemaphoreSlim(concurrency, concurrency);
            var running = new List<Task>(plan.Count);
            for (var i = 0; i < plan.Count; i++)
            {
                var due = TimeSpan.FromSeconds(i / perSecond);
                var early = due - clock.Elapsed;
                if (early > PacingSlack)
                {
                    await Task.Delay(early, ct);
                }

                await slots.WaitAsync(ct);
                running.Add(Run(i, due));
            }

            await Task.WhenAll(running);

            async Task Run(int i, TimeSpan due)
            {
                try
                {
                    await PayOne(i, due);
                }
                finally
                {
                    slots.Release();
                }
            }
        }

        var elapsed = clock.Elapsed;
        var cpu = ProcessMemory.CpuTime() - cpuBefore;
        var collections = Enumerable.Range(0, GC.MaxGeneration + 1).Select(g => GC.CollectionCount(g) - collectionsBefore[g]).ToArray();
        var pause = GC.GetTotalPauseDuration() - pauseBefore;
        Array.Sort(latencies);
        Array.Sort(lateStarts);
        var succeededHops = hops.Where(h => h > 0).ToArray();
        return new PhaseResult(
            name,
            plan.Count,
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

    public double CpuSecondsPerPayment => Cpu.TotalSeconds / Payments;

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
