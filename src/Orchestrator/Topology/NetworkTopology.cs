namespace LnRelay.Orchestrator.Topology;

/// <summary>
/// A validated topology (docs/topology.md): the nodes by name, the channels between
/// them with capacities, balances and each direction's policy, and the simulated
/// chain's starting height and how often it finds a block (0: only when asked through
/// the control API). Holds no keys or ports: 'lnrelay init' adds those.
/// </summary>
internal sealed record NetworkTopology(string Network, uint BlockHeight, IReadOnlyList<string> Nodes, IReadOnlyList<TopologyChannel> Channels, uint BlockIntervalSeconds = 0);

/// <summary>
/// One channel. <see cref="Node1BalanceMsat"/> is what node1 holds; node2 holds the rest
/// of the capacity. Each policy is the one its node applies to HTLCs it forwards over
/// this channel. A closed channel stays in the payers' graph only.
/// </summary>
internal sealed record TopologyChannel(
    string Node1,
    string Node2,
    ulong CapacityMsat,
    ulong Node1BalanceMsat,
    TopologyPolicy Node1Policy,
    TopologyPolicy Node2Policy,
    bool Closed,
    int Line)
{
    public ulong Node2BalanceMsat => CapacityMsat - Node1BalanceMsat;
}

/// <summary>A direction's forwarding policy (BOLT 7 channel_update fields).</summary>
internal sealed record TopologyPolicy(
    uint FeeBaseMsat = 1_000,
    uint FeeProportionalMillionths = 100,
    ushort CltvExpiryDelta = 40,
    ulong HtlcMinimumMsat = 1,
    ulong HtlcMaximumMsat = ulong.MaxValue,
    bool Enabled = true);
