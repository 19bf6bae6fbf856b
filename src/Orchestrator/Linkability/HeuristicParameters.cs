using System.Globalization;
using LnRelay.Node.Channels;

namespace LnRelay.Orchestrator.Linkability;

/// <summary>
/// The heuristic linker's parameters (docs/privacy.md, "The heuristic linker"): what the
/// colluders assume about the honest hops between them. Every value is public knowledge in
/// Lightning: fees and CLTV deltas are in every channel_update (BOLT 7), so the defaults are
/// the range the network's own policies announce.
/// </summary>
internal sealed record HeuristicParameters
{
    /// <summary>The downstream observation must come at most this long after the upstream one (the "within half a second").</summary>
    public TimeSpan Window { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>…and may be stamped this much before it (two colluders' clocks disagree).</summary>
    public TimeSpan Skew { get; init; } = TimeSpan.FromMilliseconds(5);

    /// <summary>At most this many honest hops between the two colluders.</summary>
    public int MaxGapHops { get; init; } = 3;

    public uint FeeBaseMinMsat { get; init; } = ChannelPolicy.Default.FeeBaseMsat;

    public uint FeeBaseMaxMsat { get; init; } = ChannelPolicy.Default.FeeBaseMsat;

    public uint FeePpmMin { get; init; } = ChannelPolicy.Default.FeeProportionalMillionths;

    public uint FeePpmMax { get; init; } = ChannelPolicy.Default.FeeProportionalMillionths;

    public uint CltvDeltaMin { get; init; } = ChannelPolicy.Default.CltvExpiryDelta;

    /// <summary>The largest delta one honest hop may add; widened by a payer's random extra CLTV when the colluders allow for it.</summary>
    public uint CltvDeltaMax { get; init; } = ChannelPolicy.Default.CltvExpiryDelta;

    /// <summary>The range of every enabled policy in the public graph (network.json, as gossip would announce it); the defaults when there is none.</summary>
    public static HeuristicParameters FromPolicies(IEnumerable<ChannelPolicy> policies)
    {
        var list = policies.Where(p => p.Enabled).ToList();
        return list.Count == 0
            ? new HeuristicParameters()
            : new HeuristicParameters
            {
                FeeBaseMinMsat = list.Min(p => p.FeeBaseMsat),
                FeeBaseMaxMsat = list.Max(p => p.FeeBaseMsat),
                FeePpmMin = list.Min(p => p.FeeProportionalMillionths),
                FeePpmMax = list.Max(p => p.FeeProportionalMillionths),
                CltvDeltaMin = list.Min(p => p.CltvExpiryDelta),
                CltvDeltaMax = list.Max(p => p.CltvExpiryDelta),
            };
    }

    /// <summary>The fees <paramref name="hops"/> honest hops may have kept between an HTLC of <paramref name="downstreamMsat"/> and one of <paramref name="upstreamMsat"/> (BOLT 7 fee: base + amount × ppm / 10⁶ per hop).</summary>
    public (ulong Min, ulong Max) FeeRange(int hops, ulong downstreamMsat, ulong upstreamMsat) =>
        ((ulong)hops * (FeeBaseMinMsat + Proportional(downstreamMsat, FeePpmMin)), (ulong)hops * (FeeBaseMaxMsat + Proportional(upstreamMsat, FeePpmMax)));

    public (ulong Min, ulong Max) CltvRange(int hops) => ((ulong)hops * CltvDeltaMin, (ulong)hops * CltvDeltaMax);

    /// <summary>amount × ppm / 10⁶ rounded down, as BOLT 7's fee, without overflowing.</summary>
    private static ulong Proportional(ulong amountMsat, uint ppm) => (amountMsat / 1_000_000 * ppm) + (amountMsat % 1_000_000 * ppm / 1_000_000);

    /// <summary>One line for the report: every parameter and its value.</summary>
    public string Describe() => string.Create(
        CultureInfo.InvariantCulture,
        $"window {Window.TotalMilliseconds:0} ms (skew {Skew.TotalMilliseconds:0} ms), up to {MaxGapHops} honest hop(s) between, " +
        $"fee per hop {FeeBaseMinMsat}..{FeeBaseMaxMsat} msat + {FeePpmMin}..{FeePpmMax} ppm, cltv delta per hop {CltvDeltaMin}..{CltvDeltaMax}");
}
