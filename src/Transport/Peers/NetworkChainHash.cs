using System.Security.Cryptography;
using System.Text;

namespace LnRelay.Transport.Peers;

/// <summary>
/// The one <c>chain_hash</c> of a simulated network, used wherever BOLT messages carry one:
/// <c>init</c>'s <c>networks</c> record (BOLT 1) and <c>channel_update</c> (BOLT 7). BOLT 0
/// defines it as the hash of the chain's genesis block; this simulation has no chain, so
/// each network gets SHA256("lnrelay-chain:" || UTF-8 network name). No real genesis block
/// hashes to it, the prefix keeps it apart from any other SHA256 the project computes, and
/// networks with different names refuse each other's peers and updates.
/// </summary>
public static class NetworkChainHash
{
    /// <summary>Domain-separation prefix hashed before the network name.</summary>
    public const string Prefix = "lnrelay-chain:";

    /// <summary>SHA256("lnrelay-chain:" + <paramref name="networkName"/>), 32 bytes.</summary>
    public static byte[] For(string networkName)
    {
        ArgumentException.ThrowIfNullOrEmpty(networkName);
        return SHA256.HashData(Encoding.UTF8.GetBytes(Prefix + networkName));
    }
}
