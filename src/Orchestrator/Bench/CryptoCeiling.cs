using LnRelay.Sphinx.Onion;

namespace LnRelay.Orchestrator.Bench;

/// <summary>
/// The cryptographic ceiling of a network benchmark: the onion work one payment cannot
/// avoid — one build by the origin and one peel by each hop — timed in this process
/// and run the way <c>bench onion</c> times it (warm-up, then interleaved ~3 ms batches,
/// median of 31), on every core at once. A network that did nothing but that work, on
/// every core at once, would reach <see cref="PaymentsPerSecond"/>; the benchmark's ratio
/// to it says how much the rest of a node (channels, transport, TCP, tasks, logs) costs on
/// top.
/// <para>
/// Timed on every core at once because that is the machine the ceiling describes: with
/// both cores of the benchmark machine busy, a peel and a build each take about 3.5% longer
/// than with one core busy and the other idle (shared cache and memory bandwidth, the
/// clock the processor holds with every core loaded; docs/performance.md, "The ceiling on
/// every core at once"). Until session 9 the ceiling was one core's timing times the cores,
/// which credited the network's ceiling with that 3.5%; that figure is still timed and
/// reported beside it (<see cref="OneCoreBuildUs"/>, <see cref="OneCorePeelUs"/>).
/// </para>
/// </summary>
internal sealed record CryptoCeiling(int BuildHops, double BuildUs, double PeelUs, int Cores, double OneCoreBuildUs, double OneCorePeelUs)
{
    /// <summary>The build's cost per hop (a build is per-hop work plus one 1300-byte pad stream, negligible beside it).</summary>
    public double BuildPerHopUs => BuildUs / BuildHops;

    /// <summary>The build's cost per hop timed with only one core busy.</summary>
    public double OneCoreBuildPerHopUs => OneCoreBuildUs / BuildHops;

    /// <summary>Microseconds of onion work for one payment over <paramref name="hops"/> hops, on a machine with every core busy.</summary>
    public double PaymentUs(double hops) => hops * (BuildPerHopUs + PeelUs);

    public double PaymentsPerSecond(double hops) => Cores * 1_000_000 / PaymentUs(hops);

    /// <summary>The ceiling as one core's timing times the cores (the benchmark's ceiling before session 9).</summary>
    public double OneCorePaymentsPerSecond(double hops) => Cores * 1_000_000 / (hops * (OneCoreBuildPerHopUs + OneCorePeelUs));

    /// <summary>
    /// Times a <paramref name="hops"/>-hop build and a peel (payload parsed, as a node peels) in this
    /// process, now: on one core, then on every core at once (one thread per core, each with its own
    /// inputs, started together; the figure is the mean of the threads' medians).
    /// </summary>
    public static CryptoCeiling Measure(int hops)
    {
        var oneCore = MeasureOnOneThread(hops);
        var cores = Environment.ProcessorCount;
        if (cores == 1)
        {
            return new CryptoCeiling(hops, oneCore.Build, oneCore.Peel, cores, oneCore.Build, oneCore.Peel);
        }

        var results = new (double Build, double Peel)[cores];
        using var start = new Barrier(cores);
        var threads = Enumerable.Range(0, cores).Select(i => new Thread(() =>
        {
            start.SignalAndWait();
            results[i] = MeasureOnOneThread(hops);
        })
        {
            IsBackground = true,
            Name = $"ceiling {i}",
        }).ToArray();
        foreach (var thread in threads)
        {
            thread.Start();
        }

        foreach (var thread in threads)
        {
            thread.Join();
        }

        return new CryptoCeiling(hops, results.Average(r => r.Build), results.Average(r => r.Peel), cores, oneCore.Build, oneCore.Peel);
    }

    private static (double Build, double Peel) MeasureOnOneThread(int hops)
    {
        var setup = BenchOnionSetup.Create();
        var route = setup.Route20.Take(hops).ToArray();
        var buffer = new byte[OnionPeeler.BufferSize];
        var us = InterleavedTimer.Measure(
        [
            ("build", () => OnionBuilder.TryCreateWithSessionKey(setup.SessionKey, route, setup.AssociatedData, out _, out _)),
            ("peel", () => OnionPeeler.Peel(setup.FirstHopKey, setup.AssociatedData, setup.Packet5, buffer)),
        ]);
        return (us["build"], us["peel"]);
    }
}
