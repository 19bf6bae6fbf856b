using System.Security.Cryptography;
using System.Text;
using LnRelay.Chain.Blocks;
using LnRelay.Chain.Keys;
using LnRelay.Crypto;
using LnRelay.Node.Chain;
using LnRelay.Orchestrator.Topology;

namespace LnRelay.Orchestrator.OnChain;

/// <summary>
/// The chain's files in a network folder (docs/chain.md "Files"): DIR/seed.hex (0600),
/// DIR/chain.blocks, and the RPC's "user:password" in DIR/chain-rpc.credentials and a copy
/// in every node's folder (0600), so that a node reads only its own folder.
/// </summary>
internal static class NetworkChainFiles
{
    public const string CredentialsFileName = "chain-rpc.credentials";

    /// <summary>bitcoind's user for lnrelay's chain RPC; the password is random.</summary>
    public const string RpcUser = "lnrelay";

    /// <summary>Bytes of randomness in the RPC password (hex on disk).</summary>
    public const int PasswordBytes = 32;

    public static string SeedFile(string directory) => Path.Combine(directory, NetworkSeed.FileName);

    public static string ChainFilePath(string directory) => Path.Combine(directory, ChainFile.FileName);

    public static string CredentialsFile(string directory) => Path.Combine(directory, CredentialsFileName);

    /// <summary>The miner's regtest address (from DIR/seed.hex), where 'chain mine' and 'channel close' have blocks pay; null with why not.</summary>
    public static NBitcoin.BitcoinAddress? MinerAddress(string directory, out string? error)
    {
        var seed = NetworkSeed.Load(SeedFile(directory), out error);
        if (seed is null)
        {
            error += " The miner's address comes from the network's seed.";
            return null;
        }

        return new SeedKeys(seed).Miner.PubKey.WitHash.GetAddress(NBitcoin.Network.RegTest);
    }

    /// <summary>A fresh "lnrelay:PASSWORD" line.</summary>
    public static string NewCredentials() => $"{RpcUser}:{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(PasswordBytes))}";

    /// <summary>
    /// Writes the seed, the chain, the credentials (orchestrator's copy and each node's) and
    /// each node's funding.keys: "SCID SECRET" for each of its open channels.
    /// </summary>
    public static void Write(string directory, NetworkSeed seed, ChainPlan plan, NetworkTopology topology)
    {
        seed.Save(SeedFile(directory));
        ChainFile.Save(ChainFilePath(directory), plan.Chain);
        var credentials = Encoding.ASCII.GetBytes(NewCredentials() + "\n");
        SecretFile.Write(CredentialsFile(directory), credentials, overwrite: true);
        var keys = new SeedKeys(seed);
        for (var n = 0; n < topology.Nodes.Count; n++)
        {
            var node = topology.Nodes[n];
            var folder = Path.Combine(directory, node);
            SecretFile.Write(CredentialsFile(folder), credentials, overwrite: true);
            var lines = new StringBuilder();
            for (var c = 0; c < topology.Channels.Count; c++)
            {
                var channel = topology.Channels[c];
                if (!channel.Closed && (channel.Node1 == node || channel.Node2 == node))
                {
                    lines.Append(plan.Channels[c].ShortChannelId).Append(' ').Append(Convert.ToHexStringLower(keys.Funding(n, c).ToBytes())).Append('\n');
                }
            }

            SecretFile.Write(Path.Combine(folder, FundingKeyFile.FileName), Encoding.ASCII.GetBytes(lines.ToString()), overwrite: true);
        }
    }
}
