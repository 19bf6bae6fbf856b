using System.Text;
using LnRelay.Crypto;

namespace LnRelay.Node.Gossip;

/// <summary>
/// The <c>chain_hash</c> lnrelay's gossip carries. BOLT 0 defines <c>chain_hash</c> as the
/// hash of the chain's genesis block (e.g. bitcoin mainnet's), and BOLT 7 receivers ignore
/// updates for chains they do not know. This simulation has no chain, so each simulated
/// network gets its own stand-in: SHA256("lnrelay-chain:" || UTF-8 network name). It cannot
/// be a real genesis hash (no known block hashes to it), so an lnrelay update can never be
/// taken for one of a real chain's; the prefix keeps it apart from any other SHA256 the
/// project computes; and two simulated networks with different names never accept each
/// other's updates.
/// </summary>
public static class SimulatedChain
{
    /// <summary>Domain-separation prefix hashed before the network name.</summary>
    public const string Prefix = "lnrelay-chain:";

    /// <summary>Size of a <c>chain_hash</c>.</summary>
    public const int ChainHashSize = ChannelUpdateLayout.ChainHashSize;

    /// <summary>SHA256("lnrelay-chain:" + <paramref name="networkName"/>), 32 bytes.</summary>
    public static byte[] ChainHash(string networkName)
    {
        var hash = new byte[ChainHashSize];
        WriteChainHash(networkName, hash);
        return hash;
    }

    /// <summary>Writes the chain hash of <paramref name="networkName"/> into 32 bytes of <paramref name="destination"/>.</summary>
    public static void WriteChainHash(string networkName, Span<byte> destination)
    {
        ArgumentException.ThrowIfNullOrEmpty(networkName);
        if (destination.Length < ChainHashSize)
        {
            throw new ArgumentException($"Needs {ChainHashSize} bytes.", nameof(destination));
        }

        Hashes.Sha256(Encoding.UTF8.GetBytes(Prefix + networkName), destination);
    }
}
