using NBitcoin;

namespace LnRelay.Chain.Blocks;

/// <summary>Bitcoin Core's regtest parameters that lnrelay's miner and checks use.</summary>
public static class Regtest
{
    public static Network Network => Network.RegTest;

    /// <summary>Regtest's minimum-difficulty target (nBits 0x207fffff): about one nonce in two meets it.</summary>
    public const uint Bits = 0x207fffff;

    /// <summary>BIP9 "top bits" version, as Core writes it.</summary>
    public const int BlockVersion = 0x20000000;

    /// <summary>lnrelay's blocks are 600 s apart in their header time (the target spacing), computed, never read from a clock.</summary>
    public static readonly TimeSpan BlockSpacing = TimeSpan.FromSeconds(600);

    /// <summary>Consensus: a coinbase output can be spent only 100 blocks after the block that holds it.</summary>
    public const int CoinbaseMaturity = 100;

    /// <summary>BIP141: a block's weight is at most 4,000,000.</summary>
    public const int MaxBlockWeight = 4_000_000;

    public static Block Genesis { get; } = Network.RegTest.GetGenesis();

    /// <summary>The genesis hash in display (RPC) hex.</summary>
    public static uint256 GenesisHash { get; } = Genesis.GetHash();

    /// <summary>BOLT 7 chain_hash: the genesis hash in internal byte order, hex (regtest: 06226e46…0f).</summary>
    public static string ChainHashHex { get; } = Convert.ToHexStringLower(GenesisHash.ToBytes());

    public static Money Reward(int height) => Network.RegTest.GetReward(height);
}
