using LnRelay.Chain.Blocks;
using LnRelay.Chain.Keys;
using NBitcoin;

namespace LnRelay.Chain.Funding;

/// <summary>
/// Builds a network's chain at init (docs/chain.md "What init builds"): coinbase blocks to
/// the miner's key until enough of them are mature to pay every capacity, then one funding
/// transaction per channel in topology order (inputs: the miner's oldest coins; output 0:
/// the BOLT 3 2-of-2 P2WSH; output 1: change to the miner), packed into as few blocks as the
/// block weight allows, then the mutual closes of channels marked closed, then empty blocks
/// until the last funding block has <see cref="Confirmations"/> confirmations. Deterministic:
/// the same seed and channels give the same blocks.
/// </summary>
public static class FundingChainBuilder
{
    /// <summary>BOLT 7: a node waits for 6 confirmations of a funding output before it uses the channel.</summary>
    public const int Confirmations = 6;

    /// <summary>Regtest relays at 1 sat/vB; the wallet pays 2.</summary>
    public const long FeeRateSatPerVByte = 2;

    /// <summary>A margin under the 4 M WU limit for the coinbase and its commitment.</summary>
    private const int BlockWeightBudget = Regtest.MaxBlockWeight - 10_000;

    /// <summary>More coinbase blocks than this and the capacities ask for more than regtest pays out (rewards halve every 150 blocks).</summary>
    private const int MaxCoinbaseBlocks = 150 * 33;

    public static ChainBuildResult Build(SeedKeys keys, IReadOnlyList<ChannelToFund> channels)
    {
        var miner = keys.Miner;
        var payout = miner.PubKey.WitHash.ScriptPubKey;
        var chain = new RegtestChain();
        var needed = Money.Zero;
        foreach (var (c, i) in channels.Select((c, i) => (c, i)))
        {
            if (c.CapacityMsat % 1000 != 0)
            {
                return ChainBuildResult.Failed($"channels[{i}]: capacity_msat {c.CapacityMsat} is not a whole number of satoshis; a funding output holds whole satoshis.");
            }

            needed += Money.Satoshis((long)(c.CapacityMsat / 1000)) + Money.Satoshis(1_000);
        }

        // Coinbases until the mature ones cover the capacities and fees; at least one mature coin.
        var mature = Money.Zero;
        while (chain.Height < Regtest.CoinbaseMaturity || mature < needed)
        {
            if (chain.Height >= MaxCoinbaseBlocks)
            {
                return ChainBuildResult.Failed($"the channels' capacities add up to {needed}, more than regtest's block rewards pay out; lower the capacities.");
            }

            Append(chain, payout, []);
            var ripe = chain.Height + 1 - Regtest.CoinbaseMaturity;
            mature += ripe >= 1 ? Regtest.Reward(ripe) : Money.Zero;
        }

        var wallet = new Queue<Coin>(Enumerable.Range(1, chain.Height + 1 - Regtest.CoinbaseMaturity)
            .Select(h => new Coin(chain.BlockAt(h)!.Transactions[0], 0)));
        var funding = new List<(Transaction Tx, ChannelToFund Channel, PubKey Key1, PubKey Key2)>();
        for (var i = 0; i < channels.Count; i++)
        {
            var c = channels[i];
            var key1 = keys.Funding(c.Node1, i).PubKey;
            var key2 = keys.Funding(c.Node2, i).PubKey;
            var output = new TxOut(Money.Satoshis((long)(c.CapacityMsat / 1000)), FundingScript.ScriptPubKey(key1, key2));
            funding.Add((Spend(wallet, output, miner), c, key1, key2));
        }

        var funded = new List<FundedChannel>();
        var block = new List<Transaction>();
        var weight = 0;
        foreach (var (tx, c, key1, key2) in funding)
        {
            var txWeight = tx.GetSerializedSize(TransactionOptions.None) * 3 + tx.GetSerializedSize();
            if (weight + txWeight > BlockWeightBudget)
            {
                Append(chain, payout, block);
                block = [];
                weight = 0;
            }

            block.Add(tx);
            weight += txWeight;
            funded.Add(new FundedChannel(new OutPoint(tx, 0), chain.Height + 1, block.Count, 0, key1, key2, tx.Outputs[0].Value));
        }

        if (block.Count > 0)
        {
            Append(chain, payout, block);
        }

        var lastFunding = chain.Height;
        var closes = new List<Transaction>();
        for (var i = 0; i < channels.Count; i++)
        {
            if (channels[i].Closed)
            {
                var close = CloseAtInit(keys, channels[i], i, funded[i]);
                closes.Add(close);
                funded[i] = funded[i] with { ClosedBy = close.GetHash() };
            }
        }

        if (closes.Count > 0)
        {
            Append(chain, payout, closes);
        }

        while (chain.Height < lastFunding + Confirmations - 1)
        {
            Append(chain, payout, []);
        }

        return new ChainBuildResult(chain, funded, null);
    }

    /// <summary>A transaction paying <paramref name="output"/> from the wallet's oldest coins, change back to the miner, every input signed.</summary>
    private static Transaction Spend(Queue<Coin> wallet, TxOut output, Key miner)
    {
        var inputs = new List<Coin>();
        var total = Money.Zero;
        while (total < output.Value + EstimatedFee(inputs.Count + 1))
        {
            var coin = wallet.Dequeue();
            inputs.Add(coin);
            total += coin.Amount;
        }

        var tx = Regtest.Network.CreateTransaction();
        tx.Version = 2;
        foreach (var coin in inputs)
        {
            tx.Inputs.Add(new TxIn(coin.Outpoint) { Sequence = Sequence.Final });
        }

        tx.Outputs.Add(output);
        var change = total - output.Value - EstimatedFee(inputs.Count);
        tx.Outputs.Add(new TxOut(change, miner.PubKey.WitHash.ScriptPubKey));
        for (var i = 0; i < inputs.Count; i++)
        {
            Signing.SignP2Wpkh(tx, i, inputs[i].TxOut, miner);
        }

        // The change is the wallet's newest coin; it goes first so the next funding spends it in the same block.
        var rest = wallet.ToList();
        wallet.Clear();
        wallet.Enqueue(new Coin(tx, 1));
        foreach (var coin in rest)
        {
            wallet.Enqueue(coin);
        }

        return tx;
    }

    /// <summary>About 68 vB per P2WPKH input, 43 for the P2WSH output, 31 for the change, 11 of overhead.</summary>
    private static Money EstimatedFee(int inputs) => Money.Satoshis(FeeRateSatPerVByte * ((68L * inputs) + 43 + 31 + 11));

    private static Transaction CloseAtInit(SeedKeys keys, ChannelToFund c, int index, FundedChannel channel)
    {
        var close = CooperativeClose.Build(channel, c.Node1BalanceMsat, out var error) ?? throw new InvalidOperationException(error);
        CooperativeClose.Complete(close, channel, CooperativeClose.Sign(close, channel, keys.Funding(c.Node1, index)), CooperativeClose.Sign(close, channel, keys.Funding(c.Node2, index)));
        return close;
    }

    private static void Append(RegtestChain chain, Script payout, IReadOnlyList<Transaction> transactions)
    {
        var problem = chain.TryMine(payout, transactions);
        if (problem is not null)
        {
            throw new InvalidOperationException($"lnrelay built a block its own chain refuses: {problem}");
        }
    }
}

/// <summary>The chain init built and where each channel's funding output landed (in channel order), or why none was built.</summary>
public sealed record ChainBuildResult(RegtestChain? Chain, IReadOnlyList<FundedChannel> Channels, string? Error)
{
    public bool Succeeded => Error is null;

    public static ChainBuildResult Failed(string error) => new(null, [], error);
}
