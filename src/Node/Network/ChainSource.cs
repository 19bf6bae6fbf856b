namespace LnRelay.Node.Network;

/// <summary>
/// Where a network's chain is (network.json "chain", docs/network-file.md): BOLT 7's
/// chain_hash (the genesis hash in internal byte order), the Bitcoin Core JSON-RPC URL and
/// the file with its "user:password", relative to the folder of the network.json that names it,
/// and how often the chain service mines a block (zero: only on demand).
/// </summary>
public sealed record ChainSource(string ChainHashHex, Uri RpcUrl, string CredentialsFile, TimeSpan BlockInterval)
{
    /// <summary>The credentials file for a network.json in <paramref name="folder"/>.</summary>
    public string CredentialsPath(string folder) => Path.Combine(folder, CredentialsFile);
}
