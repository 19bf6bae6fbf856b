using LnRelay.Sphinx.Onion;

namespace LnRelay.Orchestrator.Bench;

/// <summary>
/// The cryptographic ceiling of a network benchmark: the onion work one payment cannot
/// avoid — one build by the origin and one peel by each hop — timed in this process
/// and run the way <c>bench onion</c> times it (warm-up, then interleaved ~3 ms batches,
/// median of 31), and spread over every core. A network that did nothing but that work,
/// on every core at once, would reach <see cref="PaymentsPerSecond"/>; the benchmark's
/// ratio to it says how much the rest of a node (channels, transport, TCP, tasks, logs)
/// costs on top.
/// </summary>
internal sealed record CryptoCeiling(int BuildHops, double BuildUs, double PeelUs, int Cores)
{
    /// <summary>The build's cost per hop (a build is per-hop work plus one 1300-byte pad stream, negligible beside it).</summary>
    public double BuildPerHopUs => BuildUs / BuildHops;

    /// <summary>Microseconds of onion work for one payment over <paramref name="hops"/> hops.</summary>
    public double PaymentUs(double hops) => hops * (BuildPerHopUs + PeelUs);

    public double PaymentsPerSecond(double hops) => Cores * 1_000_000 / PaymentUs(hops);

    /// <summary>Times a <paramref name="hops"/>-hop build and a peel (payload parsed, as a node peels) in this process, now.</summary>
    public static CryptoCeiling Measure(int hops)
    {
        var setup = BenchOnionSetup.Create();
        var route = setup.Route20.Take(hops).ToArray();
        var buffer = new byte[OnionPeeler.BufferSize];
        var us = InterleavedTimer.Measure(
        [
            ("build", () => OnionBuilder.TryCreateWithSessionKey(setup.SessionKey, route, setup.AssociatedData, out _, out _)),
            ("peel", () => OnionPeeler.Peel(setup.FirstHopKey, setup.AssociatedData, setup.Packet5, buffer)),
        ]);
        return new CryptoCeiling(hops, us["build"], us["peel"], Environment.ProcessorCount);
    }
}
