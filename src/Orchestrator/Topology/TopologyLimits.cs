namespace LnRelay.Orchestrator.Topology;

/// <summary>Bounds the topology parser checks against.</summary>
internal static class TopologyLimits
{
    /// <summary>BOLT 1: amounts in msat never exceed 21 million BTC.</summary>
    public const ulong MaxMsat = 0x1d24b2dfac520000;

    /// <summary>Block heights stay below the BOLT 2 threshold where cltv_expiry would mean a time.</summary>
    public const ulong MaxHeight = 499_999_999;
}
