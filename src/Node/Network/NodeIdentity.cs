using LnRelay.Crypto;

namespace LnRelay.Node.Network;

/// <summary>This node: its entry in network.json and its secret key (whose public key is the entry's node id).</summary>
public sealed record NodeIdentity(NetworkNode Entry, PrivateKey Key);
