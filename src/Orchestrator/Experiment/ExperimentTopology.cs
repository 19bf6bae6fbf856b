using System.Globalization;
using LnRelay.Orchestrator.Bench;
using LnRelay.Orchestrator.Topology;

namespace LnRelay.Orchestrator.Experiment;

/// <summary>
/// The network <c>lnrelay experiment linkability</c> pays over (docs/privacy.md, "The
/// experiment"): a relay line bob ─ carol ─ dave with wallets on every relay, so routes are
/// random and mix:
/// <code>
///   w1..w4 ─ bob ─ carol ─ dave ─ e1..e4
///                    │
///                  m1, m2
/// </code>
/// A payment between a west wallet (w*) and an east one (e*) crosses four channels with bob and
/// dave as its first and last relay; payments to or from m1, m2 cross carol and one of them,
/// and west-to-west or east-to-east ones only bob or dave: the cross traffic a linker must not
/// mistake for the payments the colluders share. Every channel has the default policy.
/// </summary>
internal static class ExperimentTopology
{
    public const int WalletsPerSide = 4;
    public const int MiddleWallets = 2;

    /// <summary>Per channel, half on each side: far more than a run moves.</summary>
    public const ulong CapacityMsat = 200_000_000_000;

    public static readonly string[] Relays = ["bob", "carol", "dave"];

    /// <summary>Colluder sets audited when none is given: the first and last relay of the four-hop routes, and a payer with the last relay (two honest hops between).</summary>
    public static readonly string[][] DefaultColluders = [["bob", "dave"], ["w1", "dave"]];

    public static IReadOnlyList<string> Wallets { get; } =
    [
        .. Names("w", WalletsPerSide),
        .. Names("m", MiddleWallets),
        .. Names("e", WalletsPerSide),
    ];

    public static NetworkTopology Build()
    {
        var channels = new List<TopologyChannel> { Channel("bob", "carol"), Channel("carol", "dave") };
        channels.AddRange(Names("w", WalletsPerSide).Select(w => Channel(w, "bob")));
        channels.AddRange(Names("m", MiddleWallets).Select(m => Channel(m, "carol")));
        channels.AddRange(Names("e", WalletsPerSide).Select(e => Channel(e, "dave")));
        return new NetworkTopology("linkability", 800_000, [.. Relays, .. Wallets], channels);
    }

    private static IEnumerable<string> Names(string prefix, int count) =>
        Enumerable.Range(1, count).Select(i => prefix + i.ToString(CultureInfo.InvariantCulture));

    private static TopologyChannel Channel(string a, string b) => BenchTopology.Channel(a, b, CapacityMsat);
}
