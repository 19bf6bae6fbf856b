using NBitcoin;

namespace LnRelay.Chain.Keys;

/// <summary>Every key of a network, derived from its <see cref="NetworkSeed"/> along <see cref="KeyPaths"/> (BIP32, NBitcoin's <see cref="ExtKey"/>).</summary>
public sealed class SeedKeys
{
    /// <summary>Secret keys are 32 bytes (BIP32 "ser256(k)").</summary>
    public const int SecretSize = 32;

    private readonly ExtKey _master;

    public SeedKeys(NetworkSeed seed) => _master = ExtKey.CreateFromSeed(seed.Bytes.ToArray());

    /// <summary>The extended key at <paramref name="path"/> (tests check it against BIP32's vectors).</summary>
    public ExtKey Derive(KeyPath path) => _master.Derive(path);

    /// <summary>Node <paramref name="node"/>'s 32-byte identity secret, for lnrelay's own key type.</summary>
    public byte[] IdentitySecret(int node) => Derive(KeyPaths.Identity(node)).PrivateKey.ToBytes();

    public Key Funding(int node, int channel) => Derive(KeyPaths.Funding(node, channel)).PrivateKey;

    public Key Miner => Derive(KeyPaths.Miner).PrivateKey;
}
