using LnRelay.Node.Hosting;

namespace LnRelay.Orchestrator.Bench;

/// <summary>
/// The benchmark's miner: the simulated chain finds a block every <c>blockEvery</c>
/// payments, and every node in the process learns the new height at once (as each would
/// from its own bitcoind). Without it the chain stands still, and each node's replay log
/// keeps every onion it ever peeled: an entry is forgotten only once the height passes its
/// HTLC's expiry (BOLT 4 "Onion Decryption"), so a long run would grow until the log is full.
/// </summary>
internal sealed class BenchChain
{
    private readonly Action<uint> _announce;
    private readonly Func<long> _replayLogEntries;
    private readonly int _blockEvery;
    private readonly Lock _gate = new();
    private long _ended;
    private uint _height;

    /// <param name="nodes">Every node of the network, all at the same height.</param>
    /// <param name="blockEvery">Payments per block; 0 keeps the chain still.</param>
    public BenchChain(IReadOnlyList<NodeRuntime> nodes, int blockEvery)
        : this(nodes.Max(n => n.BlockHeight), h => Announce(nodes, h), () => nodes.Sum(n => (long)n.ReplayLogCount), blockEvery)
    {
    }

    /// <param name="startHeight">The height every node is at.</param>
    /// <param name="announce">Tells every node the new height (in another process: <c>bench network --processes</c>).</param>
    /// <param name="replayLogEntries">Onions in every node's replay log together.</param>
    /// <param name="blockEvery">Payments per block; 0 keeps the chain still.</param>
    public BenchChain(uint startHeight, Action<uint> announce, Func<long> replayLogEntries, int blockEvery)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(blockEvery);
        _announce = announce;
        _replayLogEntries = replayLogEntries;
        _blockEvery = blockEvery;
        StartHeight = _height = startHeight;
    }

    public uint StartHeight { get; }

    /// <summary>Blocks found so far.</summary>
    public uint Blocks
    {
        get
        {
            lock (_gate)
            {
                return _height - StartHeight;
            }
        }
    }

    /// <summary>Onions held in every node's replay log together.</summary>
    public long ReplayLogEntries => _replayLogEntries();

    /// <summary>Counts one ended payment, and finds a block when it is the <c>blockEvery</c>-th.</summary>
    public void PaymentEnded()
    {
        if (_blockEvery == 0 || Interlocked.Increment(ref _ended) % _blockEvery != 0)
        {
            return;
        }

        lock (_gate)
        {
            _height++;
            _announce(_height);
        }
    }

    private static void Announce(IReadOnlyList<NodeRuntime> nodes, uint height)
    {
        foreach (var node in nodes)
        {
            node.TrySetBlockHeight(height);
        }
    }
}

/// <summary>A driver whose every ended payment counts towards the next block of <see cref="BenchChain"/>.</summary>
internal sealed class MinedBenchPayments(IBenchPayments inner, BenchChain chain) : IBenchPayments
{
    public string Describe => inner.Describe;

    public async Task<BenchPaymentOutcome> PayAsync(string from, string to, ulong amountMsat, bool unknownHash, CancellationToken ct)
    {
        var outcome = await inner.PayAsync(from, to, amountMsat, unknownHash, ct);
        chain.PaymentEnded();
        return outcome;
    }
}
