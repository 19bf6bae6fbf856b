using LnRelay.Node.Channels;
using LnRelay.Node.Network;
using LnRelay.Sphinx;

namespace LnRelay.Node.Routing;

/// <summary>One direction of a channel: HTLCs leave <see cref="From"/> for <see cref="To"/> under <see cref="Policy"/> (the policy <see cref="From"/> published).</summary>
public sealed record GraphEdge(ShortChannelId ShortChannelId, NetworkNode From, NetworkNode To, ulong CapacityMsat, ChannelPolicy Policy);

/// <summary>
/// The origin's view of the network for pathfinding: both directions of every
/// channel in the network description. Policies can be replaced per payment when a
/// failure carries a newer channel_update (BOLT 4 "Receiving Failure Codes": use it
/// for this payment's retries only, never for the shared graph).
/// </summary>
public sealed class ChannelGraph
{
    private readonly Dictionary<string, List<GraphEdge>> _incoming = new(StringComparer.Ordinal);

    // Channels the chain says are gone or never were (docs/chain.md "How a payer learns of a close"); read by pathfinding on any thread.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<ulong, bool> _forgotten = new();

    public ChannelGraph(NetworkDescription network)
    {
        Network = network;
        foreach (var c in network.Channels)
        {
            Add(new GraphEdge(c.ShortChannelId, c.Node1, c.Node2, c.CapacityMsat, c.Node1Policy));
            Add(new GraphEdge(c.ShortChannelId, c.Node2, c.Node1, c.CapacityMsat, c.Node2Policy));
        }
    }

    public NetworkDescription Network { get; }

    /// <summary>Edges that arrive at <paramref name="nodeName"/>.</summary>
    public IReadOnlyList<GraphEdge> EdgesInto(string nodeName) =>
        !_incoming.TryGetValue(nodeName, out var edges) ? []
        : _forgotten.IsEmpty ? edges
        : [.. edges.Where(e => !_forgotten.ContainsKey(e.ShortChannelId.Value))];

    /// <summary>Drops a channel from pathfinding: its funding output failed the chain's checks, or was spent long enough ago (BOLT 7).</summary>
    public void Forget(ShortChannelId scid) => _forgotten[scid.Value] = true;

    public bool IsForgotten(ShortChannelId scid) => _forgotten.ContainsKey(scid.Value);

    private void Add(GraphEdge edge)
    {
        if (!_incoming.TryGetValue(edge.To.Name, out var list))
        {
            _incoming[edge.To.Name] = list = [];
        }

        list.Add(edge);
    }
}
