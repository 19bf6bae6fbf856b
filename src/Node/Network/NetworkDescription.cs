using LnRelay.Crypto;
using LnRelay.Node.Chain;
using LnRelay.Node.Channels;
using LnRelay.Sphinx;

namespace LnRelay.Node.Network;

/// <summary>
/// A validated network: every node id parses, every channel names two known nodes, balances
/// fit capacities. Immutable, so one instance serves every node a process hosts
/// (<see cref="SharedNetworkFile"/>); its lookups are indexed, because at thousands of nodes
/// a scan per node per lookup is quadratic.
/// </summary>
public sealed class NetworkDescription
{
    private readonly Dictionary<string, NetworkNode> _byName;
    private readonly Dictionary<PublicKey, NetworkNode> _byId;
    private readonly Dictionary<string, NetworkChannel[]> _openByNode;
    private readonly Dictionary<ulong, NetworkChannel> _byScid;

    internal NetworkDescription(string network, uint blockHeight, IReadOnlyList<NetworkNode> nodes, IReadOnlyList<NetworkChannel> channels)
    {
        Network = network;
        BlockHeight = blockHeight;
        Nodes = nodes;
        Channels = channels;
        _byName = nodes.ToDictionary(n => n.Name, StringComparer.Ordinal);
        _byId = nodes.ToDictionary(n => n.NodeId);
        _byScid = channels.ToDictionary(c => c.ShortChannelId.Value);
        _openByNode = channels.Where(c => !c.Closed)
            .SelectMany(c => new[] { (c.Node1.Name, c), (c.Node2.Name, c) })
            .GroupBy(p => p.Name, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(p => p.c).ToArray(), StringComparer.Ordinal);
    }

    public string Network { get; }

    public uint BlockHeight { get; }

    /// <summary>The chain's schedule when it moves on its own (network.json's block_interval_seconds); null when only the control API moves it.</summary>
    internal ChainClock? Chain { get; init; }

    /// <summary>The regtest chain the nodes follow over RPC (network.json's chain section), or null for a network without one.</summary>
    public ChainSource? ChainSource { get; init; }

    public IReadOnlyList<NetworkNode> Nodes { get; }

    public IReadOnlyList<NetworkChannel> Channels { get; }

    public NetworkNode? FindNode(PublicKey nodeId) => _byId.GetValueOrDefault(nodeId);

    public NetworkNode? FindNode(string name) => _byName.GetValueOrDefault(name);

    /// <summary>The channel with this short channel id, closed or open; null when the network has none.</summary>
    public NetworkChannel? FindChannel(ShortChannelId scid) => _byScid.GetValueOrDefault(scid.Value);

    /// <summary>The open channels one node is an end of, in the file's order (a closed channel is in the graph only).</summary>
    public IEnumerable<NetworkChannel> ChannelsOf(string nodeName) =>
        _openByNode.TryGetValue(nodeName, out var open) ? open : [];
}

public sealed record NetworkNode(string Name, PublicKey NodeId, string Host, int Port, Uri ControlUrl)
{
    /// <summary>What the node announces (network.json's <c>features</c>; <see cref="NodeFeatures.Default"/> when it lists none).</summary>
    public NodeFeatures Features { get; init; } = NodeFeatures.Default;

    public bool Announces(NodeFeatures feature) => (Features & feature) == feature;
}

/// <summary>A channel between two nodes with each direction's policy (the policy of the node the HTLC leaves from).</summary>
public sealed record NetworkChannel(
    ShortChannelId ShortChannelId,
    NetworkNode Node1,
    NetworkNode Node2,
    ulong CapacityMsat,
    ulong Node1BalanceMsat,
    ChannelPolicy Node1Policy,
    ChannelPolicy Node2Policy,
    bool Closed = false)
{
    public ulong Node2BalanceMsat => CapacityMsat - Node1BalanceMsat;

    /// <summary>Node1's funding pubkey: with node2's, the 2-of-2 its funding output pays to (null without a chain).</summary>
    public PublicKey? Node1FundingKey { get; init; }

    public PublicKey? Node2FundingKey { get; init; }

    public bool Involves(string nodeName) => Node1.Name == nodeName || Node2.Name == nodeName;

    public NetworkNode PeerOf(string nodeName) => Node1.Name == nodeName ? Node2 : Node1;

    /// <summary>The policy for HTLCs leaving <paramref name="fromNode"/> over this channel.</summary>
    public ChannelPolicy PolicyFrom(string fromNode) => Node1.Name == fromNode ? Node1Policy : Node2Policy;

    public ulong BalanceOf(string nodeName) => Node1.Name == nodeName ? Node1BalanceMsat : Node2BalanceMsat;
}
