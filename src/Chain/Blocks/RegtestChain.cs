using NBitcoin;

namespace LnRelay.Chain.Blocks;

/// <summary>
/// The network's regtest chain in memory: blocks by height, where each transaction landed,
/// and which outputs are spent. <see cref="TryAppend"/> accepts a block only when it links to
/// the tip and passes the checks of docs/chain.md "What the chain checks" (proof of work,
/// merkle root, witness commitment, inputs that exist, are unspent and mature, scripts that
/// verify, no value created). Safe to read while one writer appends: every member locks.
/// </summary>
public sealed class RegtestChain
{
    private readonly List<Block> _blocks = [];
    private readonly Dictionary<uint256, int> _heights = [];
    private readonly Dictionary<uint256, (int Height, int Index)> _transactions = [];
    private readonly Dictionary<OutPoint, uint256> _spentBy = [];
    private readonly Lock _lock = new();

    /// <summary>A chain of the regtest genesis block alone.</summary>
    public RegtestChain()
    {
        var genesis = Regtest.Genesis;
        _blocks.Add(genesis);
        _heights[genesis.GetHash()] = 0;
        _transactions[genesis.Transactions[0].GetHash()] = (0, 0);
    }

    public int Height
    {
        get
        {
            lock (_lock)
            {
                return _blocks.Count - 1;
            }
        }
    }

    public Block Tip
    {
        get
        {
            lock (_lock)
            {
                return _blocks[^1];
            }
        }
    }

    public Block? BlockAt(int height)
    {
        lock (_lock)
        {
            return height >= 0 && height < _blocks.Count ? _blocks[height] : null;
        }
    }

    public int? HeightOf(uint256 blockHash)
    {
        lock (_lock)
        {
            return _heights.TryGetValue(blockHash, out var h) ? h : null;
        }
    }

    /// <summary>Where a confirmed transaction is: its block's height and its index there.</summary>
    public (Transaction Transaction, int Height, int Index)? FindTransaction(uint256 txid)
    {
        lock (_lock)
        {
            return _transactions.TryGetValue(txid, out var at) ? (_blocks[at.Height].Transactions[at.Index], at.Height, at.Index) : null;
        }
    }

    /// <summary>An unspent output, the height of its block and whether a coinbase made it; null when spent or unknown (bitcoind's gettxout).</summary>
    public (TxOut Output, int Height, bool Coinbase)? UnspentOutput(OutPoint outpoint)
    {
        lock (_lock)
        {
            if (_spentBy.ContainsKey(outpoint) || !_transactions.TryGetValue(outpoint.Hash, out var at))
            {
                return null;
            }

            var tx = _blocks[at.Height].Transactions[at.Index];
            return outpoint.N < tx.Outputs.Count ? (tx.Outputs[(int)outpoint.N], at.Height, at.Index == 0) : null;
        }
    }

    /// <summary>The transaction that spent <paramref name="outpoint"/>, if a block holds one.</summary>
    public uint256? SpentBy(OutPoint outpoint)
    {
        lock (_lock)
        {
            return _spentBy.TryGetValue(outpoint, out var by) ? by : null;
        }
    }

    /// <summary>Mines one block on the tip holding <paramref name="transactions"/> and appends it; the error names the first check that failed.</summary>
    public string? TryMine(Script payout, IReadOnlyList<Transaction> transactions)
    {
        lock (_lock)
        {
            var fees = Fees(transactions, out var error);
            if (error is not null)
            {
                return error;
            }

            return TryAppend(BlockMiner.Mine(_blocks[^1].Header, _blocks.Count, payout, transactions, fees!));
        }
    }

    /// <summary>Appends a block that extends the tip; null on success, else the failed check.</summary>
    public string? TryAppend(Block block)
    {
        lock (_lock)
        {
            var height = _blocks.Count;
            var problem = BlockChecks.Check(block, _blocks[^1].GetHash(), height, this);
            if (problem is not null)
            {
                return $"block {height} ({block.GetHash()}): {problem}";
            }

            _blocks.Add(block);
            _heights[block.GetHash()] = height;
            for (var i = 0; i < block.Transactions.Count; i++)
            {
                var tx = block.Transactions[i];
                _transactions[tx.GetHash()] = (height, i);
                if (i > 0)
                {
                    foreach (var input in tx.Inputs)
                    {
                        _spentBy[input.PrevOut] = tx.GetHash();
                    }
                }
            }

            return null;
        }
    }

    /// <summary>The fees of transactions about to be mined (inputs from the chain or from earlier ones in the list).</summary>
    private Money? Fees(IReadOnlyList<Transaction> transactions, out string? error)
    {
        var pending = transactions.ToDictionary(t => t.GetHash());
        var fees = Money.Zero;
        foreach (var tx in transactions)
        {
            var inputs = Money.Zero;
            foreach (var input in tx.Inputs)
            {
                var spent = pending.TryGetValue(input.PrevOut.Hash, out var parent) && input.PrevOut.N < parent.Outputs.Count
                    ? parent.Outputs[(int)input.PrevOut.N]
                    : UnspentOutput(input.PrevOut)?.Output;
                if (spent is null)
                {
                    error = $"transaction {tx.GetHash()} spends {input.PrevOut}, which is not an unspent output";
                    return null;
                }

                inputs += spent.Value;
            }

            fees += inputs - tx.TotalOut;
        }

        error = null;
        return fees;
    }
}
