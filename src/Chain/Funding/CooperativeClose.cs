using NBitcoin;

namespace LnRelay.Chain.Funding;

/// <summary>
/// A mutual close (BOLT 3 "Closing Transaction"): version 2, locktime 0, one input spending
/// the funding outpoint with sequence 0xFFFFFFFF, an output per side paying its balance
/// (rounded down to whole satoshis) to the P2WPKH of its funding key, outputs below the dust
/// limit left out, outputs in BIP69 order; witness <c>0 &lt;sig1&gt; &lt;sig2&gt; &lt;witness script&gt;</c>
/// with the signatures in the funding keys' order. The funder (node1) pays the fee.
/// </summary>
public static class CooperativeClose
{
    /// <summary>A flat fee: regtest has no fee market; 500 sat is above 1 sat/vB for this ~170 vB transaction.</summary>
    public static readonly Money Fee = Money.Satoshis(500);

    /// <summary>BOLT 3 trims outputs below the dust limit; 546 sat is Bitcoin Core's for any output type.</summary>
    public static readonly Money DustLimit = Money.Satoshis(546);

    /// <summary>The unsigned closing transaction, or an error when the balances do not fit the capacity.</summary>
    public static Transaction? Build(FundedChannel channel, ulong node1BalanceMsat, out string? error)
    {
        var capacityMsat = (ulong)channel.Capacity.Satoshi * 1000;
        if (node1BalanceMsat > capacityMsat)
        {
            error = $"node1's balance {node1BalanceMsat} msat exceeds the capacity {capacityMsat} msat";
            return null;
        }

        var node1 = Money.Satoshis((long)(node1BalanceMsat / 1000));
        var node2 = Money.Satoshis((long)((capacityMsat - node1BalanceMsat) / 1000));
        if (node1 >= Fee)
        {
            node1 -= Fee;
        }
        else
        {
            node2 -= Fee - node1;
            node1 = Money.Zero;
        }

        var tx = Blocks.Regtest.Network.CreateTransaction();
        tx.Version = 2;
        tx.LockTime = LockTime.Zero;
        tx.Inputs.Add(new TxIn(channel.Outpoint) { Sequence = Sequence.Final });
        var outputs = new List<TxOut>();
        if (node1 >= DustLimit)
        {
            outputs.Add(new TxOut(node1, channel.Node1FundingKey.WitHash.ScriptPubKey));
        }

        if (node2 >= DustLimit)
        {
            outputs.Add(new TxOut(node2, channel.Node2FundingKey.WitHash.ScriptPubKey));
        }

        // BIP69: by amount, then by scriptPubKey bytes.
        outputs.Sort((a, b) => a.Value != b.Value ? a.Value.CompareTo(b.Value) : a.ScriptPubKey.ToBytes(true).AsSpan().SequenceCompareTo(b.ScriptPubKey.ToBytes(true)));
        tx.Outputs.AddRange(outputs);
        error = null;
        return tx;
    }

    /// <summary>One end's signature of the closing transaction with its funding key.</summary>
    public static TransactionSignature Sign(Transaction close, FundedChannel channel, Key fundingKey) =>
        Signing.SignWitnessInput(close, 0, FundingScript.WitnessScript(channel.Node1FundingKey, channel.Node2FundingKey), FundingOutput(channel), fundingKey);

    /// <summary>Puts both ends' signatures into the witness, in the funding keys' order.</summary>
    public static void Complete(Transaction close, FundedChannel channel, TransactionSignature node1Signature, TransactionSignature node2Signature)
    {
        var (first, _) = FundingScript.Order(channel.Node1FundingKey, channel.Node2FundingKey);
        var (sig1, sig2) = first == channel.Node1FundingKey ? (node1Signature, node2Signature) : (node2Signature, node1Signature);
        var script = FundingScript.WitnessScript(channel.Node1FundingKey, channel.Node2FundingKey);
        close.Inputs[0].WitScript = new WitScript([[], sig1.ToBytes(), sig2.ToBytes(), script.ToBytes(true)], true);
    }

    public static TxOut FundingOutput(FundedChannel channel) =>
        new(channel.Capacity, FundingScript.ScriptPubKey(channel.Node1FundingKey, channel.Node2FundingKey));
}
