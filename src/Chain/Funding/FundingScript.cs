using NBitcoin;

namespace LnRelay.Chain.Funding;

/// <summary>
/// BOLT 3 "Funding Transaction Output": a P2WSH of <c>2 &lt;pubkey1&gt; &lt;pubkey2&gt; 2 OP_CHECKMULTISIG</c>,
/// where pubkey1 is the lexicographically lesser of the two compressed funding pubkeys.
/// </summary>
public static class FundingScript
{
    /// <summary>The two keys in BOLT 3's order: the lesser compressed serialisation first.</summary>
    public static (PubKey First, PubKey Second) Order(PubKey a, PubKey b) =>
        a.ToBytes().AsSpan().SequenceCompareTo(b.ToBytes()) <= 0 ? (a, b) : (b, a);

    /// <summary>The witness script of the channel whose ends hold <paramref name="a"/> and <paramref name="b"/>.</summary>
    public static Script WitnessScript(PubKey a, PubKey b)
    {
        var (first, second) = Order(a, b);
        return new Script(OpcodeType.OP_2, Op.GetPushOp(first.ToBytes()), Op.GetPushOp(second.ToBytes()), OpcodeType.OP_2, OpcodeType.OP_CHECKMULTISIG);
    }

    /// <summary>The funding output's scriptPubKey: <c>0 &lt;SHA256(witness script)&gt;</c>.</summary>
    public static Script ScriptPubKey(PubKey a, PubKey b) => WitnessScript(a, b).WitHash.ScriptPubKey;
}
