using NBitcoin;

namespace LnRelay.Chain.Blocks;

/// <summary>
/// The chain on disk (docs/chain.md "The chain file"): one serialized block per line, hex,
/// from the genesis block at line 1. Mined blocks are appended. Loading replays every block
/// through <see cref="RegtestChain.TryAppend"/>, so a file that does not parse, does not start
/// at regtest's genesis or whose blocks do not link fails with the line and the fix.
/// </summary>
public static class ChainFile
{
    public const string FileName = "chain.blocks";

    public static void Save(string path, RegtestChain chain)
    {
        var temp = path + ".tmp";
        using (var writer = new StreamWriter(temp))
        {
            for (var h = 0; h <= chain.Height; h++)
            {
                writer.WriteLine(Convert.ToHexStringLower(chain.BlockAt(h)!.ToBytes()));
            }
        }

        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Appends blocks mined since the file was written (the caller holds the only writer).</summary>
    public static void Append(string path, IEnumerable<Block> blocks) =>
        File.AppendAllLines(path, blocks.Select(b => Convert.ToHexStringLower(b.ToBytes())));

    public static RegtestChain? Load(string path, out string? error)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error = $"{path}: the chain file cannot be read ({e.Message}). Run 'lnrelay init' to create the network and its chain.";
            return null;
        }

        var fix = "The file is written by 'lnrelay init' and the chain service only; re-create the network with 'lnrelay init --force' (same --seed for the same chain).";
        var chain = new RegtestChain();
        for (var i = 0; i < lines.Length; i++)
        {
            Block block;
            try
            {
                block = Block.Load(Convert.FromHexString(lines[i].Trim()), Regtest.Network);
            }
            catch (Exception e) when (e is FormatException or EndOfStreamException or ArgumentException or InvalidOperationException)
            {
                error = $"{path}: line {i + 1} is not a serialized block in hex ({e.Message}). {fix}";
                return null;
            }

            if (i == 0)
            {
                if (block.GetHash() != Regtest.GenesisHash)
                {
                    error = $"{path}: line 1 is block {block.GetHash()}, not regtest's genesis {Regtest.GenesisHash}. {fix}";
                    return null;
                }

                continue;
            }

            var problem = chain.TryAppend(block);
            if (problem is not null)
            {
                error = $"{path}: line {i + 1}: {problem}. {fix}";
                return null;
            }
        }

        if (lines.Length == 0)
        {
            error = $"{path}: the chain file is empty. {fix}";
            return null;
        }

        error = null;
        return chain;
    }
}
