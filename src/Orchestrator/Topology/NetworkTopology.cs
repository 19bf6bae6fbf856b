using LnRelay.Node.Network;

namespace LnRelay.Orchestrator.Topology;

/// <summary>
/// A validated topology (docs/topology.md): the nodes by name, the channels between
/// them with capacities, balances and each direction's policy, and the simulated
/// chain's starting height and how often it finds a block (0: only when asked through
/// the control API). Holds no keys or ports: 'lnrelay init' adds those.
/// </summary>
internal sealed record NetworkTopology(string Network, uint BlockHeight, IReadOnlyList<string> Nodes, IReadOnlyList<TopologyChannel> Channels, uint BlockIntervalSeconds = 0)
{
    /// <summary>The nodes whose announced features the topology names (node_features); every other node announces them all.</summary>
    public IReadOnlyDictionary<string, NodeFeatures> NodeFeatures { get; init; } = new Dictionary<string, NodeFeatures>();

    /// <summary>What network.json lists for <paramref name="node"/>: null (all) unless the topology names its features.</summary>
    public List<string>? FeatureNamesOf(string node) => NodeFeatures.TryGetValue(node, out var f) ? NodeFeatureNames.ToNames(f) : null;
}

/// <summary>
/// One channel. <see cref="Node1BalanceMsat"/> is what node1 holds; node2 holds the rest
/// of the capacity. Each policy is the one its node applies to HTLCs it forwards over
/// this channel (the network file's policy, with its defaults). A closed channel stays
/// in the payers' graph only.
/// </summary>
internal sealed record TopologyChannel(
    string Node1,
    string Node2,
    ulong CapacityMsat,
    ulong Node1BalanceMsat,
    PolicyDto Node1Policy,
    PolicyDto Node2Policy,
    bool Closed)
{
    public ulong Node2BalanceMsat => CapacityMsat - Node1BalanceMsat;
}
