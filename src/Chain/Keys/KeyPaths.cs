using NBitcoin;

namespace LnRelay.Chain.Keys;

/// <summary>
/// lnrelay's BIP32 layout (its own convention, not a registered purpose; docs/chain.md
/// "Derivation paths"). Every step is hardened, so that a leaked child key together with
/// a parent's public key exposes nothing else. 9735 is Lightning's port number.
/// </summary>
public static class KeyPaths
{
    public const uint Purpose = 9735;

    /// <summary>Branch for node identity keys: m/9735'/0'/i'.</summary>
    public const uint IdentityBranch = 0;

    /// <summary>Branch for channel funding keys: m/9735'/1'/i'/c'.</summary>
    public const uint FundingBranch = 1;

    /// <summary>Branch for the miner (coinbase and funding-wallet) key: m/9735'/2'/0'.</summary>
    public const uint MinerBranch = 2;

    /// <summary>Node <paramref name="node"/>'s (position in network.json, from 0) identity key.</summary>
    public static KeyPath Identity(int node) => Hardened(IdentityBranch, Index(node));

    /// <summary>Node <paramref name="node"/>'s funding key for channel <paramref name="channel"/> (its position in network.json, from 0).</summary>
    public static KeyPath Funding(int node, int channel) => Hardened(FundingBranch, Index(node), Index(channel));

    /// <summary>The key every coinbase pays to and the funding transactions spend from.</summary>
    public static KeyPath Miner { get; } = Hardened(MinerBranch, 0);

    private static uint Index(int i)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(i);
        return (uint)i;
    }

    private static KeyPath Hardened(params uint[] steps) =>
        new([.. new[] { Purpose }.Concat(steps).Select(s => s | 0x8000_0000u)]);
}
