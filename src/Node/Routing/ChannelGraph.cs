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
/// <para>
/// Each node has an index (0 to <see cref="NodeCount"/> - 1) and its incoming edges an array
/// under it, so a search keeps its per-node state in arrays rather than in dictionaries keyed
/// by name: at 1,000 nodes hashing names was most of a search (docs/performance.md,
/// "1,000 nodes in memory").
/// </para>
/// </summary>
internal sealed class ChannelGraph
{
    private static readonly ConditionalWeakTable<NetworkDescription, ChannelGraph> Shared = [];

    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
    private readonly string[] _names;

    // Every directed edge, grouped by the node it arrives at: node i's are [_firstInto[i], _firstInto[i + 1]).
    private readonly GraphEdge[] _edges;
    private readonly SearchEdge[] _searchEdges;
    private readonly int[] _firstInto;

    public ChannelGraph(NetworkDescription network)
    {
        Network = network;
        var edges = network.Channels
            .SelectMany(c => new[]
            {
                new GraphEdge(c.ShortChannelId, c.Node1, c.Node2, c.CapacityMsat, c.Node1Policy),
                new GraphEdge(c.ShortChannelId, c.Node2, c.Node1, c.CapacityMsat, c.Node2Policy),
            })
            .ToList();
        foreach (var name in network.Nodes.Select(n => n.Name).Concat(edges.SelectMany(e => new[] { e.From.Name, e.To.Name })))
        {
            _index.TryAdd(name, _index.Count);
        }

        _names = new string[_index.Count];
        foreach (var (name, i) in _index)
        {
            _names[i] = name;
        }

        // A node's edges in the description's channel order, as they have always been tried.
        _edges = [.. edges.OrderBy(e => _index[e.To.Name])];
        _searchEdges = [.. _edges.Select((e, i) => new SearchEdge(e, _index[e.From.Name], i))];
        _firstInto = new int[_names.Length + 1];
        foreach (var edge in _edges)
        {
            _firstInto[_index[edge.To.Name] + 1]++;
        }

        for (var i = 0; i < _names.Length; i++)
        {
            _firstInto[i + 1] += _firstInto[i];
        }
    }

    public NetworkDescription Network { get; }

    /// <summary>How many nodes have an index: every node of the description and every end of a channel.</summary>
    public int NodeCount => _names.Length;

    /// <summary>The one graph of <paramref name="network"/> in this process, built on first use.</summary>
    public static ChannelGraph For(NetworkDescription network) => Shared.GetValue(network, n => new ChannelGraph(n));

    /// <summary>Edges that arrive at <paramref name="nodeName"/>.</summary>
    public IReadOnlyList<GraphEdge> EdgesInto(string nodeName) =>
        _index.TryGetValue(nodeName, out var i) ? new ArraySegment<GraphEdge>(_edges, _firstInto[i], _firstInto[i + 1] - _firstInto[i]) : [];

    /// <summary>Edges that arrive at the node of index <paramref name="node"/>, as a search reads them.</summary>
    public ReadOnlySpan<SearchEdge> SearchEdgesInto(int node) => _searchEdges.AsSpan(_firstInto[node], _firstInto[node + 1] - _firstInto[node]);

    /// <summary>The edge a <see cref="SearchEdge"/> was copied from.</summary>
    public GraphEdge Edge(int index) => _edges[index];

    /// <summary>The index of <paramref name="nodeName"/>, or -1 for a node the graph does not have.</summary>
    public int IndexOf(string nodeName) => _index.TryGetValue(nodeName, out var i) ? i : -1;

    /// <summary>The name of the node of index <paramref name="node"/>.</summary>
    public string NameOf(int node) => _names[node];
}
