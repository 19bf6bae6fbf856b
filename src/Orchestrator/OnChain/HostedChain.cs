using System.Net;
using LnRelay.Chain.Rpc;
using LnRelay.Chain.Service;
using LnRelay.Orchestrator.NetworkSetup;
using Microsoft.Extensions.Logging;

namespace LnRelay.Orchestrator.OnChain;

/// <summary>
/// Starts a network folder's chain service (docs/chain.md "The chain service"): loads
/// DIR/chain.blocks (a file that does not parse or link stops the start with its line and
/// the fix), reads the RPC credentials, listens on network.json's rpc_url port and mines a
/// block every block_interval_seconds. Used by 'lnrelay up' (before the nodes, which follow
/// it) and 'lnrelay chain serve' (its own container in compose).
/// </summary>
internal static class HostedChain
{
    public static async Task<ChainRpcServer> StartAsync(NetworkFolder folder, IPAddress bind, ILoggerFactory logs, CancellationToken ct)
    {
        var source = folder.Network.ChainSource ?? throw new InvalidOperationException($"{folder.Directory}/network.json has no chain section; re-create the network with 'lnrelay init'.");
        var service = ChainService.Open(NetworkChainFiles.ChainFilePath(folder.Directory), out var error)
            ?? throw new InvalidOperationException(error);
        var credentials = RpcCredentials.Load(source.CredentialsPath(folder.Directory), out error)
            ?? throw new InvalidOperationException(error);
        var server = ChainRpcServer.Create(service, credentials, bind, source.RpcUrl.Port, logs);
        try
        {
            await server.StartAsync(source.BlockInterval, TimeProvider.System, ct);
            return server;
        }
        catch (IOException e)
        {
            await server.DisposeAsync();
            throw new InvalidOperationException($"the chain RPC cannot listen on port {source.RpcUrl.Port} ({e.Message}); stop what uses it, or re-create the network with 'lnrelay init --force'.", e);
        }
    }
}
