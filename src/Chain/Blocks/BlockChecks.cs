using NBitcoin;

namespace LnRelay.Chain.Blocks;

/// <summary>
/// What lnrelay's chain checks before it accepts a block (docs/chain.md "What the chain
/// checks"): a subset of Bitcoin's consensus rules. NBitcoin's <c>Block.Check()</c> covers
/// the merkle root and proof of work only; the rest is here. Not checked: difficulty
/// retargeting, sigops, BIP34 heights, locktimes and sequence locks.
/// </summary>
internal static class BlockChecks
{
    public static string? Check(Block block, uint256 previousHash, int height, RegtestChain chain)
    {
        if (block.Header.HashPrevBlock != previousHash)
        {
            return $"does not link: its previous block is {block.Header.HashPrevBlock}, the chain's tip is {previousHash}";
        }

        if (block.Header.Bits != new Target(Regtest.Bits) || !block.Header.CheckProofOfWork())
        {
            return "its proof of work does not meet regtest's target (bits 0x207fffff)";
        }

        if (block.Transactions.Count == 0 || !block.Transactions[0].IsCoinBase || block.Transactions.Skip(1).Any(t => t.IsCoinBase))
        {
            return "it must hold exactly one coinbase, first";
        }

        if (block.Header.HashMerkleRoot != block.GetMerkleRoot().Hash)
        {
            return "the merkle root in its header is not the root of its transactions";
        }

        if (block.Transactions.Any(t => t.HasWitness) && !WitnessCommitment.Verify(block))
        {
            return "its coinbase lacks the BIP141 witness commitment to its transactions";
        }

        if (block.GetWeight() > Regtest.MaxBlockWeight)
        {
            return $"it weighs {block.GetWeight()} WU, above {Regtest.MaxBlockWeight}";
        }

        return CheckTransactions(block, height, chain);
    }

    private static string? CheckTransactions(Block block, int height, RegtestChain chain)
    {
        var created = new Dictionary<OutPoint, TxOut>();
        var spent = new HashSet<OutPoint>();
        var fees = Money.Zero;
        foreach (var tx in block.Transactions.Skip(1))
        {
            var problem = CheckTransaction(tx, height, chain, created, spent, out var fee);
            if (problem is not null)
            {
                return problem;
            }

            fees += fee;
        }

        var reward = Regtest.Reward(height) + fees;
        return block.Transactions[0].TotalOut > reward
            ? $"its coinbase pays {block.Transactions[0].TotalOut}, more than the reward and fees {reward}"
            : null;
    }

    /// <summary>
    /// One non-coinbase transaction to be mined at <paramref name="height"/>: inputs from the chain or from
    /// <paramref name="created"/> (earlier in the block), none spent twice, coinbases mature, scripts verify, no value created.
    /// Adds its outputs to <paramref name="created"/> and its inputs to <paramref name="spent"/>.
    /// </summary>
    public static string? CheckTransaction(Transaction tx, int height, RegtestChain chain, Dictionary<OutPoint, TxOut> created, HashSet<OutPoint> spent, out Money fee)
    {
        fee = Money.Zero;
        if (tx.IsCoinBase || tx.Inputs.Count == 0 || tx.Outputs.Count == 0)
        {
            return $"transaction {tx.GetHash()} is a coinbase or has no inputs or no outputs";
        }

        var inputs = new List<TxOut>(tx.Inputs.Count);
        foreach (var input in tx.Inputs)
        {
            if (!spent.Add(input.PrevOut))
            {
                return $"transaction {tx.GetHash()} spends {input.PrevOut} twice in the block";
            }

            if (created.TryGetValue(input.PrevOut, out var fresh))
            {
                inputs.Add(fresh);
                continue;
            }

            var unspent = chain.UnspentOutput(input.PrevOut);
            if (unspent is null)
            {
                return $"transaction {tx.GetHash()} spends {input.PrevOut}, which is spent or does not exist";
            }

            if (unspent.Value.Coinbase && height - unspent.Value.Height < Regtest.CoinbaseMaturity)
            {
                return $"transaction {tx.GetHash()} spends a coinbase of block {unspent.Value.Height} before it is {Regtest.CoinbaseMaturity} blocks deep";
            }

            inputs.Add(unspent.Value.Output);
        }

        var inputTotal = inputs.Aggregate(Money.Zero, (sum, o) => sum + o.Value);
        if (inputTotal < tx.TotalOut)
        {
            return $"transaction {tx.GetHash()} pays out {tx.TotalOut} but spends only {inputTotal}";
        }

        var precomputed = tx.PrecomputeTransactionData([.. inputs]);
        for (var i = 0; i < tx.Inputs.Count; i++)
        {
            if (!tx.Inputs.AsIndexedInputs().ElementAt(i).VerifyScript(inputs[i], ScriptVerify.Standard, precomputed, out var scriptError))
            {
                return $"transaction {tx.GetHash()} input {i}: the script does not verify ({scriptError})";
            }
        }

        fee = inputTotal - tx.TotalOut;
        var txid = tx.GetHash();
        for (var n = 0; n < tx.Outputs.Count; n++)
        {
            created[new OutPoint(txid, n)] = tx.Outputs[n];
        }

        return null;
    }
}
