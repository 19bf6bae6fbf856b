using LnRelay.Sphinx.Onion;

namespace LnRelay.Sphinx.Tests.Onion;

public sealed class OnionKeysTests
{
    [Fact]
    public void PerHopKeys_MatchDerivedIntermediates()
    {
        foreach (var hop in OnionVectorFiles.Intermediates().GetProperty("hops").EnumerateArray())
        {
            var secret = hop.Hex("shared_secret");
            Assert.Equal(hop.Hex("rho_key"), OnionKeys.Derive(OnionKeyType.Rho, secret));
            Assert.Equal(hop.Hex("mu_key"), OnionKeys.Derive(OnionKeyType.Mu, secret));
            Assert.Equal(hop.Hex("um_key"), OnionKeys.Derive(OnionKeyType.Um, secret));
            Assert.Equal(hop.Hex("ammag_key"), OnionKeys.Derive(OnionKeyType.Ammag, secret));
        }
    }

    [Fact]
    public void PadKey_IsKeyedFromTheSessionKey()
    {
        var session = OnionVectorFiles.Intermediates().GetProperty("session");
        Assert.Equal(session.Hex("pad_key"), OnionKeys.Derive(OnionKeyType.Pad, session.Hex("session_key")));
    }

    [Fact]
    public void KeyTypeNames_AreTheSpecAsciiStrings()
    {
        Assert.Equal("72686f", Convert.ToHexStringLower(OnionKeys.Name(OnionKeyType.Rho)));
        Assert.Equal("6d75", Convert.ToHexStringLower(OnionKeys.Name(OnionKeyType.Mu)));
        Assert.Equal("756d", Convert.ToHexStringLower(OnionKeys.Name(OnionKeyType.Um)));
        Assert.Equal("706164", Convert.ToHexStringLower(OnionKeys.Name(OnionKeyType.Pad)));
        Assert.Equal("616d6d6167", Convert.ToHexStringLower(OnionKeys.Name(OnionKeyType.Ammag)));
        Assert.Equal("616d6d6167657874", Convert.ToHexStringLower(OnionKeys.Name(OnionKeyType.AmmagExt)));
    }

    [Fact]
    public void WrongSecretLength_IsABug()
    {
        Assert.Throws<ArgumentException>(() => OnionKeys.Derive(OnionKeyType.Rho, new byte[31]));
    }
}
