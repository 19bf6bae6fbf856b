using System.Security.Cryptography;
using System.Text;
using LnRelay.Transport.Messages;

namespace LnRelay.Transport.Peers;

/// <summary>
/// The <c>chain_hash</c> a node puts in its <c>init</c> <c>networks</c> record (BOLT 1
/// "The <c>init</c> Message"). The simulated blockchain has no genesis block, so the
/// hash is SHA256 of the network's name, the same name the STS handshake uses as its
/// prologue: nodes configured for different networks refuse each other twice.
/// </summary>
public static class NetworkChainHash
{
    /// <summary>SHA256(UTF-8 <paramref name="networkName"/>), 32 bytes.</summary>
    public static byte[] For(string networkName)
    {
        ArgumentException.ThrowIfNullOrEmpty(networkName);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(networkName));
        System.Diagnostics.Debug.Assert(hash.Length == MessageSizes.ChainHash, "SHA256 is a chain_hash wide.");
        return hash;
    }
}
