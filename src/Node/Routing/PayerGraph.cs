using System.Collections.Concurrent;
using LnRelay.Node.Channels;
using LnRelay.Sphinx;

namespace LnRelay.Node.Routing;

/// <summary>
/// One payer's view for pathfinding: the process's shared, immutable <see cref="ChannelGraph"/>
/// and a small overlay of what this node learned itself, which only it reads: channels its chain
/// follower says are gone or never were (docs/chain.md "How a payer learns of a close"), left
/// out of every route. A channel_update from a failure is not kept here: it serves the payment
/// that met it (<see cref="Payments.Payer"/>), since no gossip would ever say the fee went back.
/// Read by pathfinding on any thread while the follower and the payer write.
/// </summary>
internal sealed class PayerGraph(ChannelGraph shared)
{
    private readonly ConcurrentDictionary<ulong, bool> _forgotten = new();

    public ChannelGraph Shared { get; } = shared;

    public Network.NetworkDescription Network => Shared.Network;

    /// <summary>Edges that arrive at <paramref name="nodeName"/>, without the forgotten ones.</summary>
    public IReadOnlyList<GraphEdge> EdgesInto(string nodeName)
    {
        var edges = Shared.EdgesInto(nodeName);
        return _forgotten.IsEmpty ? edges : [.. edges.Where(e => !_forgotten.ContainsKey(e.ShortChannelId.Value))];
    }

    /// <summary>The network's policy for HTLCs leaving <paramref name="from"/> over <paramref name="scid"/>; null for a channel the network does not have.</summary>
    public ChannelPolicy? PolicyOf(ShortChannelId scid, string from) => Network.FindChannel(scid)?.PolicyFrom(from);

    /// <summary>Drops a channel from pathfinding: its funding output failed the chain's checks, or was spent long enough ago (BOLT 7).</summary>
    public void Forget(ShortChannelId scid) => _forgotten[scid.Value] = true;

    public bool IsForgotten(ShortChannelId scid) => IsForgotten(scid.Value);

    /// <summary><see cref="IsForgotten(ShortChannelId)"/> by the channel id's 64-bit value.</summary>
    public bool IsForgotten(ulong scid) => _forgotten.ContainsKey(scid);

    /// <summary>Whether this payer has forgotten any channel: a search checks each edge only then.</summary>
    public bool HasForgotten => !_forgotten.IsEmpty;
}
