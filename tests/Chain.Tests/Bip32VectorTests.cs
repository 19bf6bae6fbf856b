using LnRelay.Chain.Keys;
using NBitcoin;

namespace LnRelay.Chain.Tests;

/// <summary>BIP32's test vectors through <see cref="SeedKeys"/>, the code init derives every key with.</summary>
public sealed class Bip32VectorTests
{
    public static TheoryData<string, string, string, string> Chains()
    {
        var data = new TheoryData<string, string, string, string>();
        foreach (var vector in VectorFile.Load("bip32-vectors.json").GetProperty("vectors").EnumerateArray())
        {
            foreach (var chain in vector.GetProperty("chains").EnumerateArray())
            {
                data.Add(vector.GetProperty("seed").GetString()!, chain.GetProperty("path").GetString()!, chain.GetProperty("xpub").GetString()!, chain.GetProperty("xprv").GetString()!);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Chains))]
    public void Derive_GivesTheVectorsExtendedKeys(string seedHex, string path, string xpub, string xprv)
    {
        Assert.True(NetworkSeed.TryParseHex(seedHex, out var seed, out _));
        var key = new SeedKeys(seed!).Derive(path == "m" ? new KeyPath() : KeyPath.Parse(path));

        Assert.Equal(xprv, key.ToString(Network.Main));
        Assert.Equal(xpub, key.Neuter().ToString(Network.Main));
    }

    [Fact]
    public void KeyPaths_AreAllHardenedUnderPurpose9735()
    {
        Assert.Equal("9735'/0'/3'", KeyPaths.Identity(3).ToString());
        Assert.Equal("9735'/1'/2'/7'", KeyPaths.Funding(2, 7).ToString());
        Assert.Equal("9735'/2'/0'", KeyPaths.Miner.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("00")]
    [InlineData("0g0102030405060708090a0b0c0d0e0f")]
    [InlineData("000102030405060708090a0b0c0d0e0")]
    public void TryParseHex_RefusesWhatIsNotASeed(string hex)
    {
        Assert.False(NetworkSeed.TryParseHex(hex, out _, out var error));
        Assert.Contains("16 to 64 bytes", error);
    }

    [Fact]
    public void Save_WritesTheSeedReadableByItsOwnerOnly()
    {
        var path = Path.Combine(Path.GetTempPath(), $"lnrelay-seed-{Guid.NewGuid():N}");
        try
        {
            Assert.True(NetworkSeed.TryParseHex("000102030405060708090a0b0c0d0e0f", out var seed, out _));
            seed!.Save(path);

            Assert.Equal("000102030405060708090a0b0c0d0e0f", NetworkSeed.Load(path, out _)!.ToHex());
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
            }
        }
        finally
        {
            File.Delete(path);
        }
    }
}
