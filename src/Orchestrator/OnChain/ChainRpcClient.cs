using LnRelay.Chain.Blocks;
using LnRelay.Chain.Rpc;
using LnRelay.Orchestrator.NetworkSetup;
using NBitcoin.RPC;

namespace LnRelay.Orchestrator.OnChain;

/// <summary>NBitcoin's RPCClient for a network folder's chain: network.json's rpc_url with DIR's credentials file.</summary>
internal static class ChainRpcClient
{
    public static RPCClient Connect(NetworkFolder folder)
    {
        var source = folder.Network.ChainSource
            ?? throw new UsageException($"{folder.Directory}/network.json has no chain section; re-create the network with 'lnrelay init'.");
        var credentials = RpcCredentials.Load(source.CredentialsPath(folder.Directory), out var error)
            ?? throw new UsageException(error!);
        return new RPCClient(credentials.AuthenticationString, source.RpcUrl, Regtest.Network);
    }

    /// <summary>The message for a chain that did not answer: which URL, and how to start it.</summary>
    public static string Unreachable(NetworkFolder folder, Exception e) =>
        $"the chain at {folder.Network.ChainSource!.RpcUrl} did not answer ({e.Message}). Start the network with 'lnrelay up --dir {folder.Directory}' (it hosts the chain), or 'lnrelay chain serve --dir {folder.Directory}'.";
}
