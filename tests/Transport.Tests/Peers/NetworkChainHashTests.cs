using System.Security.Cryptography;
using System.Text;
using LnRelay.Transport.Peers;

namespace LnRelay.Transport.Tests.Peers;

public sealed class NetworkChainHashTests
{
    [Fact]
    public void Chain_hash_is_sha256_of_the_prefixed_network_name()
    {
        // Checked with an independent computation: python3 -c "import hashlib; print(hashlib.sha256(b'lnrelay-chain:regtest').hexdigest())"
        Assert.Equal("a17f0e4e814e0b2d741cf4aef3d8ca87e752102c275bd378c13a11965ef8ea8f", Convert.ToHexStringLower(NetworkChainHash.For("regtest")));
        Assert.Equal(SHA256.HashData(Encoding.UTF8.GetBytes("lnrelay-chain:mesh")), NetworkChainHash.For("mesh"));
        Assert.NotEqual(NetworkChainHash.For("a"), NetworkChainHash.For("b"));
    }

    [Fact]
    public void An_empty_network_name_is_refused() =>
        Assert.Throws<ArgumentException>(() => NetworkChainHash.For(string.Empty));
}
