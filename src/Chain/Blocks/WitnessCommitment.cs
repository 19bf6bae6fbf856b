using NBitcoin;
using NBitcoin.Crypto;

namespace LnRelay.Chain.Blocks;

/// <summary>
/// BIP141 "Commitment structure": the coinbase commits to the witness merkle root (over
/// wtxids, the coinbase's taken as 32 zero bytes) with an output
/// <c>OP_RETURN aa21a9ed ‖ SHA256d(root ‖ reserved)</c>, and its input's witness is the
/// 32-byte reserved value (zeros). NBitcoin has no helper for it.
/// </summary>
public static class WitnessCommitment
{
    public const int ReservedValueSize = 32;

    /// <summary>The header that marks the commitment output.</summary>
    public static ReadOnlySpan<byte> Header => [0xaa, 0x21, 0xa9, 0xed];

    /// <summary>The commitment output's script for a block of <paramref name="transactions"/> (the coinbase first).</summary>
    public static Script Script(IReadOnlyList<Transaction> transactions)
    {
        var leaves = transactions.Select((tx, i) => i == 0 ? uint256.Zero : tx.GetWitHash()).ToList();
        var root = MerkleRoot.Compute(leaves);
        var preimage = new byte[64];
        root.ToBytes().CopyTo(preimage, 0);
        var commitment = Hashes.DoubleSHA256(preimage).ToBytes();
        return new Script(OpcodeType.OP_RETURN, Op.GetPushOp([.. Header.ToArray(), .. commitment]));
    }

    /// <summary>Whether <paramref name="block"/>'s coinbase carries the right commitment (its last commitment output, as BIP141 reads it).</summary>
    public static bool Verify(Block block)
    {
        var expected = Script(block.Transactions);
        var found = block.Transactions[0].Outputs.LastOrDefault(o => IsCommitment(o.ScriptPubKey));
        var witness = block.Transactions[0].Inputs[0].WitScript;
        return found is not null && found.ScriptPubKey == expected
            && witness.PushCount == 1 && witness[0].Length == ReservedValueSize && witness[0].All(b => b == 0);
    }

    public static bool IsCommitment(Script script)
    {
        var bytes = script.ToBytes(true);
        return bytes.Length >= 38 && bytes[0] == (byte)OpcodeType.OP_RETURN && bytes[1] == 0x24 && bytes.AsSpan(2, 4).SequenceEqual(Header);
    }
}
