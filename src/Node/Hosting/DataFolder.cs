using System.Security.Cryptography;
using System.Text;
using LnRelay.Chain.Rpc;
using LnRelay.Crypto;
using LnRelay.Node.Network;

namespace LnRelay.Node.Hosting;

/// <summary>
/// A node's data folder (docs/network-file.md, "The data folder"):
/// <c>node.key</c> (the secret key, 0600), <c>api.token</c> (the control API's bearer
/// token, 0600) and <c>logs/</c>: only what is this node's. The network description
/// (public: every node and channel) is one file for the whole network folder, the data
/// folder's parent's <c>network.json</c> (or <c>network.json.gz</c>), or the file given
/// with <c>--network</c>; a data folder that holds its own copy (the layout before
/// version 0.x wrote one per node) still uses it. <c>lnrelay init</c> writes the folders;
/// the node only reads them.
/// </summary>
public static class DataFolder
{
    public const string KeyFileName = "node.key";
    public const string TokenFileName = "api.token";
    public const string LogsFolderName = "logs";

    /// <summary>Bytes of randomness in an API token (hex-encoded on disk).</summary>
    public const int TokenBytes = 32;

    /// <summary>Writes a data folder. Refuses to replace an existing key unless <paramref name="overwrite"/>.</summary>
    public static void Create(string directory, PrivateKey key, string token, bool overwrite)
    {
        Directory.CreateDirectory(directory);
        KeyFile.Write(Path.Combine(directory, KeyFileName), key, overwrite);
        SecretFile.Write(Path.Combine(directory, TokenFileName), Encoding.ASCII.GetBytes(token + "\n"), overwrite: true);

        // A copy left by an older init would shadow the network folder's file (NetworkFileFor).
        foreach (var stale in new[] { NetworkFile.FileName, NetworkFile.GzipFileName })
        {
            File.Delete(Path.Combine(directory, stale));
        }

        Directory.CreateDirectory(Path.Combine(directory, LogsFolderName));
    }

    /// <summary>
    /// The network file a node in <paramref name="directory"/> reads: <paramref name="explicitFile"/>
    /// when given (--network); else the folder's own network.json(.gz) (a per-node copy, as
    /// older inits wrote); else its parent's, the network folder's one shared file. Null
    /// when there is none.
    /// </summary>
    public static string? NetworkFileFor(string directory, string? explicitFile = null)
    {
        if (explicitFile is not null)
        {
            return explicitFile;
        }

        var full = Path.GetFullPath(directory);
        return NetworkFile.Locate(full) ?? (Path.GetDirectoryName(full) is { } parent ? NetworkFile.Locate(parent) : null);
    }

    /// <summary>Where a node logs unless told another folder (--log-dir): DIR/logs/NAME.jsonl.</summary>
    public static string LogFile(string directory, string name) => Path.Combine(directory, LogsFolderName, LogFileName(name));

    /// <summary>A node's JSON-lines log file's name, in whichever folder it logs to.</summary>
    public static string LogFileName(string name) => name + ".jsonl";

    public static string NewToken() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(TokenBytes));

    /// <summary>Reads and checks everything a node needs to start; every problem is reported with the fix.</summary>
    public static DataFolderLoadResult Load(string directory, string? networkFile = null)
    {
        if (!Directory.Exists(directory))
        {
            return DataFolderLoadResult.Failed($"data folder '{directory}' does not exist; create it with 'lnrelay init --topology FILE --out DIR'.");
        }

        var errors = new List<string>();
        if (KeyFile.Read(Path.Combine(directory, KeyFileName), out var key, out var keyError) != KeyFileError.None)
        {
            errors.Add(keyError);
        }

        var token = ReadToken(Path.Combine(directory, TokenFileName), errors);
        var networkPath = NetworkFileFor(directory, networkFile);
        var loaded = networkPath is null
            ? NetworkLoadResult.Failed($"no {NetworkFile.FileName} (or {NetworkFile.GzipFileName}) in the data folder '{directory}' or in the network folder above it; pass --network FILE (the network folder's {NetworkFile.FileName}), or re-run 'lnrelay init'.")
            : SharedNetworkFile.Load(networkPath);
        errors.AddRange(loaded.Errors);
        RpcCredentials? chainCredentials = null;
        if (loaded.Network?.ChainSource is { } chain && (chainCredentials = RpcCredentials.Load(chain.CredentialsPath(directory), out var chainError)) is null)
        {
            errors.Add(chainError!);
        }
        if (errors.Count > 0)
        {
            key?.Dispose();
            return new DataFolderLoadResult(null, null, null, errors);
        }

        var self = loaded.Network!.FindNode(key!.PublicKey);
        if (self is null)
        {
            var id = key.PublicKey.ToHex();
            key.Dispose();
            return DataFolderLoadResult.Failed($"{networkPath}: no node has the node id {id} of the key in '{directory}'; the key and the network file come from different 'lnrelay init' runs.");
        }

        return new DataFolderLoadResult(new NodeIdentity(self, key), loaded.Network, token, []) { ChainCredentials = chainCredentials };
    }

    private static string? ReadToken(string path, List<string> errors)
    {
        if (!File.Exists(path))
        {
            errors.Add($"token file '{path}' does not exist; re-run 'lnrelay init'.");
            return null;
        }

        if (SecretFile.CheckOwnerOnly(path) is { } tooOpen)
        {
            errors.Add($"token file {tooOpen}");
            return null;
        }

        var token = File.ReadAllText(path).Trim();
        if (token.Length != TokenBytes * 2 || !token.All(char.IsAsciiHexDigitLower))
        {
            errors.Add($"token file '{path}' must hold {TokenBytes * 2} lowercase hex characters; re-run 'lnrelay init'.");
            return null;
        }

        return token;
    }
}

/// <summary>What <see cref="DataFolder.Load"/> found: everything, or the problems.</summary>
public sealed record DataFolderLoadResult(NodeIdentity? Identity, NetworkDescription? Network, string? ApiToken, IReadOnlyList<string> Errors) : LoadResult<NodeIdentity>(Identity, Errors)
{
    /// <summary>The chain RPC's user:password (the folder's chain-rpc.credentials), when the network has a chain.</summary>
    public RpcCredentials? ChainCredentials { get; init; }

    internal static DataFolderLoadResult Failed(string error) => new(null, null, null, [error]);
}
