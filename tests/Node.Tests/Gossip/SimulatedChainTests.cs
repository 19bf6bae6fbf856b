using System.Security.Cryptography;
using System.Text;
using LnRelay.Node.Gossip;

namespace LnRelay.Node.Tests.Gossip;

/// <summary>The stand-in chain_hash: SHA256("lnrelay-chain:" + network name).</summary>
public sealed class SimulatedChainTests
{
    [Fact]
    public void Chain_hash_is_sha256_of_the_prefixed_name()
    {
        // Computed outside .NET: python3 -c "import hashlib; print(hashlib.sha256(b'lnrelay-chain:regtest').hexdigest())"
        Assert.Equal("a17f0e4e814e0b2d741cf4aef3d8ca87e752102c275bd378c13a11965ef8ea8f", Convert.ToHexStringLower(SimulatedChain.ChainHash("regtest")));
        Assert.Equal(SHA256.HashData(Encoding.UTF8.GetBytes("lnrelay-chain:mesh")), SimulatedChain.ChainHash("mesh"));
    }

    [Fact]
    public void Different_networks_get_different_hashes()
    {
        Assert.NotEqual(SimulatedChain.ChainHash("a"), SimulatedChain.ChainHash("b"));
    }

    [Fact]
    public void Empty_name_and_short_destination_are_misuse()
    {
        Assert.Throws<ArgumentException>(() => SimulatedChain.ChainHash(string.Empty));
        Assert.Throws<ArgumentException>(() => SimulatedChain.WriteChainHash("a", new byte[31]));
    }
}
