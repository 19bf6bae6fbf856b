using LnRelay.Node.Network;

namespace LnRelay.Orchestrator.Topology.Generation;

/// <summary>
/// The relay policies of generated nodes (docs/topology.md "Generated topologies"). Most
/// public nodes never change their implementation's defaults; the large routing nodes set
/// their own fees, in the range the public explorers show for them. The shares between
/// implementations are this generator's assumption, not a measurement.
/// </summary>
internal static class FeeProfiles
{
    /// <summary>lnd's defaults: bitcoin.basefee 1000 msat, bitcoin.feerate 1 ppm, bitcoin.timelockdelta 80 (lnd sample-lnd.conf).</summary>
    public static readonly PolicyDto Lnd = Policy(1_000, 1, 80);

    /// <summary>Core Lightning's defaults: fee-base 1000 msat, fee-per-satoshi 10, cltv-delta 34 (lightningd-config(5)).</summary>
    public static readonly PolicyDto CoreLightning = Policy(1_000, 10, 34);

    /// <summary>eclair's defaults: fee-base-msat 1000, fee-proportional-millionths 100, expiry-delta-blocks 144 (eclair reference.conf).</summary>
    public static readonly PolicyDto Eclair = Policy(1_000, 100, 144);

    /// <summary>LDK's ChannelConfig defaults: forwarding_fee_base_msat 1000, proportional 0, cltv_expiry_delta 72 (lightning/src/util/config.rs).</summary>
    public static readonly PolicyDto Ldk = Policy(1_000, 0, 72);

    /// <summary>The defaults and how many nodes of a hundred keep each (assumed: lnd runs most public nodes).</summary>
    private static readonly (PolicyDto Policy, int Share)[] Defaults = [(Lnd, 70), (CoreLightning, 15), (Eclair, 5), (Ldk, 10)];

    /// <summary>Hub fee rates are drawn log-uniformly between these (ppm): large nodes on mempool.space charge from about 100 to 2,500 ppm.</summary>
    private const double HubMinPpm = 100;
    private const double HubMaxPpm = 2_500;

    /// <summary>The policy of a node that keeps its implementation's defaults.</summary>
    public static PolicyDto DefaultFor(SeededRandom random)
    {
        var pick = random.NextInt(100);
        foreach (var (policy, share) in Defaults)
        {
            if (pick < share)
            {
                return policy;
            }

            pick -= share;
        }

        return Lnd;
    }

    /// <summary>A routing hub's own policy: base 0 or 1000 msat, a fee rate from 100 to 2,500 ppm, a delta of 80 or 144 blocks.</summary>
    public static PolicyDto HubFor(SeededRandom random)
    {
        var ppm = HubMinPpm * Math.Pow(HubMaxPpm / HubMinPpm, random.NextDouble());
        return Policy(random.NextInt(2) == 0 ? 0u : 1_000u, (uint)Math.Round(ppm), random.NextInt(2) == 0 ? (ushort)80 : (ushort)144);
    }

    private static PolicyDto Policy(uint baseMsat, uint ppm, ushort delta) =>
        new() { FeeBaseMsat = baseMsat, FeeProportionalMillionths = ppm, CltvExpiryDelta = delta };
}
