using NBitcoin;
using NBitcoin.Crypto;

namespace LnRelay.Chain.Blocks;

/// <summary>Bitcoin's merkle root: SHA256d of pairs, level by level, the last of an odd level paired with itself.</summary>
public static class MerkleRoot
{
    public static uint256 Compute(IReadOnlyList<uint256> leaves)
    {
        ArgumentOutOfRangeException.ThrowIfZero(leaves.Count);
        var level = leaves.ToList();
        var pair = new byte[64];
        while (level.Count > 1)
        {
            var next = new List<uint256>((level.Count + 1) / 2);
            for (var i = 0; i < level.Count; i += 2)
            {
                level[i].ToBytes().CopyTo(pair, 0);
                level[Math.Min(i + 1, level.Count - 1)].ToBytes().CopyTo(pair, 32);
                next.Add(Hashes.DoubleSHA256(pair));
            }

            level = next;
        }

        return level[0];
    }
}
