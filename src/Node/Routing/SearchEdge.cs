using LnRelay.Node.Channels;
using LnRelay.Node.Network;

namespace LnRelay.Node.Routing;

/// <summary>
/// What a path search reads of one edge into a node, copied out of its <see cref="GraphEdge"/>,
/// policy and source node into one value, so that a search walks an array instead of
/// following three references per edge: at 1,000 nodes those were cache misses that cost a
/// search more than its arithmetic (docs/performance.md, "1,000 nodes in memory").
/// </summary>
internal readonly struct SearchEdge(GraphEdge edge, int from, int index)
{
    /// <summary>The graph's index of the node the edge leaves.</summary>
    public int From { get; } = from;

    /// <summary>The edge's position in the graph (<see cref="ChannelGraph.Edge"/>).</summary>
    public int Index { get; } = index;

    public ulong ShortChannelId { get; } = edge.ShortChannelId.Value;

    public ulong CapacityMsat { get; } = edge.CapacityMsat;

    public ulong HtlcMinimumMsat { get; } = edge.Policy.HtlcMinimumMsat;

    public ulong HtlcMaximumMsat { get; } = edge.Policy.HtlcMaximumMsat;

    public uint FeeBaseMsat { get; } = edge.Policy.FeeBaseMsat;

    public uint FeeProportionalMillionths { get; } = edge.Policy.FeeProportionalMillionths;

    public ushort CltvExpiryDelta { get; } = edge.Policy.CltvExpiryDelta;

    public bool Enabled { get; } = edge.Policy.Enabled;

    /// <summary>What the source node announces.</summary>
    public NodeFeatures FromFeatures { get; } = edge.From.Features;

    /// <summary><see cref="ChannelPolicy.FeeFor"/> under the edge's own policy.</summary>
    public ulong FeeFor(ulong amountToForwardMsat) => ChannelPolicy.Fee(FeeBaseMsat, FeeProportionalMillionths, amountToForwardMsat);

    /// <summary><see cref="ChannelPolicy.Allows(ulong)"/> under the edge's own policy.</summary>
    public bool Allows(ulong amountMsat) => ChannelPolicy.Allows(HtlcMinimumMsat, HtlcMaximumMsat, amountMsat);
}
