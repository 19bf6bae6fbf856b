using NBitcoin;

namespace LnRelay.Chain.Blocks;

/// <summary>
/// Mines regtest blocks deterministically (NBitcoin's <c>CreateNextBlockWithCoinbase</c> draws
/// a random nonce, coinbase and the current time): version 0x20000000, time = genesis time +
/// 600 s × height, regtest bits, a coinbase with the BIP34 height push and the reward to the
/// miner's P2WPKH, the BIP141 witness commitment when a transaction has a witness, and the
/// first nonce from 0 that meets the target (docs/chain.md "Mining").
/// </summary>
public static class BlockMiner
{
    /// <summary>A coinbase scriptSig is 2 to 100 bytes; a second push after the height keeps small heights above the floor.</summary>
    private static readonly byte[] CoinbaseTag = "lnrelay"u8.ToArray();

    public static Block Mine(BlockHeader previous, int height, Script payout, IReadOnlyList<Transaction> transactions, Money fees)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        var block = Regtest.Network.Consensus.ConsensusFactory.CreateBlock();
        block.Header.Version = Regtest.BlockVersion;
        block.Header.HashPrevBlock = previous.GetHash();
        block.Header.BlockTime = Regtest.Genesis.Header.BlockTime + (Regtest.BlockSpacing * height);
        block.Header.Bits = new Target(Regtest.Bits);

        var coinbase = Regtest.Network.CreateTransaction();
        coinbase.Version = 2;
        coinbase.Inputs.Add(new TxIn(new OutPoint(uint256.Zero, uint.MaxValue), new Script(Op.GetPushOp(height), Op.GetPushOp(CoinbaseTag))));
        coinbase.Outputs.Add(new TxOut(Regtest.Reward(height) + fees, payout));
        block.Transactions.Add(coinbase);
        block.Transactions.AddRange(transactions);
        if (transactions.Any(t => t.HasWitness))
        {
            coinbase.Inputs[0].WitScript = new WitScript([new byte[WitnessCommitment.ReservedValueSize]], true);
            coinbase.Outputs.Add(new TxOut(Money.Zero, WitnessCommitment.Script(block.Transactions)));
        }

        block.UpdateMerkleRoot();
        for (uint nonce = 0; ; nonce++)
        {
            block.Header.Nonce = nonce;
            if (block.Header.CheckProofOfWork())
            {
                return block;
            }
        }
    }
}
