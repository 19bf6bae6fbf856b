using LnRelay.Chain.Blocks;
using LnRelay.Crypto;

namespace LnRelay.Node.Network;

/// <summary>The checks of network.json's chain section and of the channels' funding pubkeys.</summary>
internal static class ChainSection
{
    public const string RegtestKind = ChainDto.RegtestKind;

    public static ChainSource? Validate(ChainDto dto, uint blockIntervalSeconds, List<string> errors)
    {
        var before = errors.Count;
        if (dto.Kind != RegtestKind)
        {
            errors.Add($"chain.kind: '{dto.Kind}' is not supported; lnrelay's chain is '{RegtestKind}'.");
        }

        if (!string.Equals(dto.ChainHash, Regtest.ChainHashHex, StringComparison.OrdinalIgnoreCase))
        {
            errors.Add($"chain.chain_hash: '{dto.ChainHash}' is not regtest's genesis hash in internal byte order ({Regtest.ChainHashHex}).");
        }

        if (!Uri.TryCreate(dto.RpcUrl, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            errors.Add($"chain.rpc_url: '{dto.RpcUrl}' is not an absolute http(s) URL (e.g. http://127.0.0.1:18443, regtest's RPC port).");
        }

        if (string.IsNullOrWhiteSpace(dto.RpcCredentialsFile) || Path.IsPathRooted(dto.RpcCredentialsFile) || dto.RpcCredentialsFile.Contains("..", StringComparison.Ordinal))
        {
            errors.Add($"chain.rpc_credentials_file: '{dto.RpcCredentialsFile}' must be a file name relative to the network.json's folder (e.g. chain-rpc.credentials), holding user:password.");
        }

        return errors.Count == before ? new ChainSource(dto.ChainHash.ToLowerInvariant(), url!, dto.RpcCredentialsFile, TimeSpan.FromSeconds(blockIntervalSeconds)) : null;
    }

    /// <summary>A channel's funding pubkey: required with a chain, refused without one.</summary>
    public static bool FundingKey(string? hex, bool hasChain, string where, List<string> errors, out PublicKey? key)
    {
        key = null;
        if (hex is null)
        {
            if (hasChain)
            {
                errors.Add($"{where}: required with a chain (the funding output is the 2-of-2 of the two funding pubkeys).");
                return false;
            }

            return true;
        }

        if (!hasChain)
        {
            errors.Add($"{where}: a funding pubkey needs the network's chain section; remove it or regenerate the file with 'lnrelay init'.");
            return false;
        }

        if (!PublicKey.TryParseHex(hex, out var parsed))
        {
            errors.Add($"{where}: not a 33-byte compressed secp256k1 public key in hex.");
            return false;
        }

        key = parsed;
        return true;
    }
}
