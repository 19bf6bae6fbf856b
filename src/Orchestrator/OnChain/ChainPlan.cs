using LnRelay.Chain.Blocks;
using LnRelay.Chain.Funding;
using LnRelay.Chain.Keys;
using LnRelay.Node.Network;
using LnRelay.Orchestrator.Hosting;
using LnRelay.Orchestrator.NetworkSetup;
using LnRelay.Orchestrator.Topology;

namespace LnRelay.Orchestrator.OnChain;

/// <summary>
/// What init builds on chain for a topology (docs/chain.md "What init builds"): the chain
/// itself, where each channel's funding output landed, and the chain section of
/// network.json (where its RPC listens).
/// </summary>
internal sealed record ChainPlan(RegtestChain Chain, IReadOnlyList<FundedChannel> Channels, ChainDto Section)
{
    /// <summary>Regtest's default RPC port, which the chain service uses in containers.</summary>
    public const int RegtestRpcPort = 18443;

    public static ChainPlan? Build(NetworkTopology topology, SeedKeys keys, HostStyle style, int? basePort, out string? error)
    {
        var index = topology.Nodes.Select((n, i) => (n, i)).ToDictionary(p => p.n, p => p.i, StringComparer.Ordinal);
        var built = FundingChainBuilder.Build(keys, [.. topology.Channels.Select(c => new ChannelToFund(index[c.Node1], index[c.Node2], c.CapacityMsat, c.Node1BalanceMsat, c.Closed))]);
        if (!built.Succeeded)
        {
            error = built.Error;
            return null;
        }

        var port = RpcPort(topology.Nodes.Count, style, basePort, out error);
        if (port is null)
        {
            return null;
        }

        var host = style == HostStyle.Container ? ContainerHost : "127.0.0.1";
        var section = new ChainDto
        {
            Kind = ChainDto.RegtestKind,
            ChainHash = Regtest.ChainHashHex,
            RpcUrl = $"http://{host}:{port}",
            RpcCredentialsFile = NetworkChainFiles.CredentialsFileName,
        };
        return new ChainPlan(built.Chain!, built.Channels, section);
    }

    /// <summary>The chain service's host name in containers (its compose service).</summary>
    public const string ContainerHost = "chain";

    /// <summary>Containers: 18443. Local: the port after the nodes' with --base-port, else a free one.</summary>
    private static int? RpcPort(int nodes, HostStyle style, int? basePort, out string? error)
    {
        error = null;
        if (style == HostStyle.Container)
        {
            return RegtestRpcPort;
        }

        if (basePort is not { } start)
        {
            return PortPlan.FreePort();
        }

        var port = start + (2 * nodes);
        if (port > 65535)
        {
            error = $"--base-port {start}: the {nodes} nodes and the chain need ports {start} to {port}; choose a base from 1024 to {65535 - (2 * nodes)}.";
            return null;
        }

        return port;
    }
}
