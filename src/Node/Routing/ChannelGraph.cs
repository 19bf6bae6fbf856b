using System.Runtime.CompilerServices;
using LnRelay.Node.Channels;
using LnRelay.Node.Network;
using LnRelay.Sphinx;

namespace LnRelay.Node.Routing;

/// <summary>One direction of a channel: HTLCs leave <see cref="From"/> for <see cref="To"/> under <see cref="Policy"/> (the policy <see cref="From"/> published).</summary>
internal sealed record GraphEdge(ShortChannelId ShortChannelId, NetworkNode From, NetworkNode To, ulong CapacityMsat, ChannelPolicy Policy);

/// <summary>
/// The network's channel graph for pathfinding: both directions of every channel in the
/// network description (closed ones included: gossip has not caught up). Immutable, so
/// one graph per description serves every node of a process (<see cref="For"/>): a copy
/// per node is N copies of an O(N) graph. What one payer learns on top of it (channels the
/// chain says are gone, newer policies from failures) is that payer's
/// <see cref="PayerGraph"/>.
/// </summary>
internal sealed class ChannelGraph
{
    private static readonly ConditionalWeakTable<NetworkDescription, ChannelGraph> Shared = [];

    private readonly Dictionary<string, GraphEdge[]> _incoming;

    public ChannelGraph(NetworkDescription network)
    {
        Network = network;
        _incoming = network.Channels
            .SelectMany(c => new[]
            {
                new GraphEdge(c.ShortChannelId, c.Node1, c.Node2, c.CapacityMsat, c.Node1Policy),
                new GraphEdge(c.ShortChannelId, c.Node2, c.Node1, c.CapacityMsat, c.Node2Policy),
            })
            .GroupBy(e => e.To.Name, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
    }

    public NetworkDescription Network { get; }

    /// <summary>The one graph of <paramref name="network"/> in this process, built on first use.</summary>
    public static ChannelGraph For(NetworkDescription network) => Shared.GetValue(network, n => new ChannelGraph(n));

    /// <summary>Edges that arrive at <paramref name="nodeName"/>.</summary>
    public IReadOnlyList<GraphEdge> EdgesInto(string nodeName) => _incoming.TryGetValue(nodeName, out var edges) ? edges : [];
}
