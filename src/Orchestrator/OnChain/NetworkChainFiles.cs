using System.Security.Cryptography;
using System.Text;
using LnRelay.Chain.Blocks;
using LnRelay.Chain.Keys;
using LnRelay.Crypto;

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

    /// <summary>A fresh "lnrelay:PASSWORD" line.</summary>
    public static string NewCredentials() => $"{RpcUser}:{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(PasswordBytes))}";

    /// <summary>Writes the seed, the chain and the credentials (orchestrator's copy and each node's).</summary>
    public static void Write(string directory, NetworkSeed seed, RegtestChain chain, IEnumerable<string> nodes)
    {
        seed.Save(SeedFile(directory));
        ChainFile.Save(ChainFilePath(directory), chain);
        var credentials = Encoding.ASCII.GetBytes(NewCredentials() + "\n");
        SecretFile.Write(CredentialsFile(directory), credentials, overwrite: true);
        foreach (var node in nodes)
        {
            SecretFile.Write(CredentialsFile(Path.Combine(directory, node)), credentials, overwrite: true);
        }
    }
}
