using LnRelay.Chain.Blocks;
using NBitcoin;

namespace LnRelay.Chain.Service;

/// <summary>
/// The network's chain while it runs (docs/chain.md "The chain service"): the chain loaded
/// from its file, a mempool of transactions sent with sendrawtransaction, and mining — one
/// block each interval and N on demand — each block appended to the file as it is found.
/// The RPC server reads it; every member is safe to call from several threads.
/// </summary>
public sealed class ChainService
{
    private readonly string? _path;
    private readonly List<Transaction> _mempool = [];
    private readonly Lock _lock = new();

    public ChainService(RegtestChain chain, string? path)
    {
        Chain = chain;
        _path = path;
    }

    public RegtestChain Chain { get; }

    /// <summary>Loads the chain file; a file that does not parse or link is an error with its line and the fix.</summary>
    public static ChainService? Open(string path, out string? error)
    {
        var chain = ChainFile.Load(path, out error);
        return chain is null ? null : new ChainService(chain, path);
    }

    /// <summary>Transactions waiting for the next block.</summary>
    public IReadOnlyList<Transaction> Mempool
    {
        get
        {
            lock (_lock)
            {
                return [.. _mempool];
            }
        }
    }

    /// <summary>Accepts a transaction for the next block when it would be valid there (bitcoind's sendrawtransaction); the error says why not.</summary>
    public string? Submit(Transaction tx)
    {
        lock (_lock)
        {
            var txid = tx.GetHash();
            if (Chain.FindTransaction(txid) is not null || _mempool.Any(t => t.GetHash() == txid))
            {
                return $"transaction {txid} is already in the chain or the mempool";
            }

            var (created, spent) = Pending();
            var problem = BlockChecks.CheckTransaction(tx, Chain.Height + 1, Chain, created, spent, out _);
            if (problem is null)
            {
                _mempool.Add(tx);
            }

            return problem;
        }
    }

    /// <summary>Mines <paramref name="count"/> blocks paying <paramref name="payout"/>; the first takes the mempool. Each is appended to the file.</summary>
    public IReadOnlyList<Block> Mine(int count, Script? payout = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        lock (_lock)
        {
            payout ??= Chain.Tip.Transactions[0].Outputs[0].ScriptPubKey;
            var mined = new List<Block>(count);
            for (var i = 0; i < count; i++)
            {
                var problem = Chain.TryMine(payout, _mempool);
                if (problem is not null)
                {
                    // A transaction the tip has made invalid since it was accepted (it cannot happen with one writer): drop the mempool, mine empty.
                    _mempool.Clear();
                    problem = Chain.TryMine(payout, []);
                    if (problem is not null)
                    {
                        throw new InvalidOperationException($"the chain refused an empty block: {problem}");
                    }
                }

                _mempool.Clear();
                mined.Add(Chain.Tip);
            }

            if (_path is not null)
            {
                ChainFile.Append(_path, mined);
            }

            return mined;
        }
    }

    private (Dictionary<OutPoint, TxOut> Created, HashSet<OutPoint> Spent) Pending()
    {
        var created = new Dictionary<OutPoint, TxOut>();
        var spent = new HashSet<OutPoint>();
        foreach (var tx in _mempool)
        {
            foreach (var input in tx.Inputs)
            {
                spent.Add(input.PrevOut);
            }

            for (var n = 0; n < tx.Outputs.Count; n++)
            {
                created[new OutPoint(tx, n)] = tx.Outputs[n];
            }
        }

        return (created, spent);
    }
}
