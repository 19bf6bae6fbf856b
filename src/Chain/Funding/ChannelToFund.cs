namespace LnRelay.Chain.Funding;

/// <summary>
/// A channel of the topology as the chain builder needs it: the positions of its two nodes
/// (for their funding keys), its capacity and node1's balance in msat, and whether it was
/// closed (funded, then closed on chain).
/// </summary>
public sealed record ChannelToFund(int Node1, int Node2, ulong CapacityMsat, ulong Node1BalanceMsat, bool Closed);
