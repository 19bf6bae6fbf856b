using System.Globalization;
using LnRelay.Orchestrator.NetworkSetup;
using LnRelay.Orchestrator.Topology;

namespace LnRelay.Orchestrator.Compose;

/// <summary>
/// Turns a topology into the compose project that runs it, one container per node
/// (docs/docker.md). Everything about a node comes from the topology: its service name
/// is the node's name; its address and ports are what <c>lnrelay init --hosts container</c>
/// writes into network.json at start; the comments name its channels. So the compose file
/// says nothing the topology does not, and regenerating it is the only way to change it.
/// </summary>
internal static class ComposeFileBuilder
{
    /// <summary>The project for <paramref name="topology"/>, read from topologies/<paramref name="topologyFileName"/>; or why there is none.</summary>
    public static ComposeResult Build(NetworkTopology topology, string topologyFileName)
    {
        var clash = topology.Nodes.Where(n => ComposeLayout.OtherServices.Contains(n, StringComparer.Ordinal)).ToList();
        if (clash.Count > 0)
        {
            return ComposeResult.Failed($"node name {string.Join(", ", clash)} is also a service of the compose file ({string.Join(", ", ComposeLayout.OtherServices)}); rename the node in the topology.");
        }

        var repoTopology = $"{ComposeLayout.TopologiesFolder}/{topologyFileName}";
        var header = new List<string>
        {
            $"The '{topology.Network}' network of {repoTopology}, one container per node (docs/docker.md).",
            $"Generated from {repoTopology} by 'lnrelay compose'; do not edit it by hand. After changing the topology:",
            $"  dotnet run --project src/Orchestrator -- compose --topology {repoTopology} --out docker-compose.yml",
            "Start: docker compose up (or docker-compose up). Watch a node: docker compose logs -f NAME. Stop: docker compose down -v.",
        };

        var services = new List<ComposeService> { Init(topologyFileName), Chain() };
        services.AddRange(topology.Nodes.Select(n => Node(topology, n)));
        services.Add(Orchestrator(topology));
        return new ComposeResult(new ComposeProject(header, services, [ComposeLayout.NetworkVolume, ComposeLayout.LogsVolume]), null);
    }

    /// <summary>The network's one description in the network volume, which every node reads (docs/network-file.md).</summary>
    public static string NetworkFile => $"{ComposeLayout.NetworkMount}/{LnRelay.Node.Network.NetworkFile.FileName}";

    /// <summary>A node's data folder inside the network volume, as init lays it out.</summary>
    public static string DataFolder(string node) => $"{ComposeLayout.NetworkMount}/{node}";

    private static ComposeService Init(string topologyFileName) => new(
        ComposeLayout.InitService,
        "Writes the network's one network.json and every node's key and API token into the network volume (addresses: the service names), then exits. " +
            "A volume that already holds this network is kept, so 'up' again restarts the same nodes.",
        ["lnrelay", "init", "--topology", $"{ComposeLayout.ImageTopologies}/{topologyFileName}", "--out", ComposeLayout.NetworkMount, "--hosts", "container", "--keep-existing"],
        [$"{ComposeLayout.NetworkVolume}:{ComposeLayout.NetworkMount}"],
        [],
        HealthCheck: false);

    private static ComposeService Node(NetworkTopology topology, string node)
    {
        var open = Peers(topology, node, closed: false);
        var closed = Peers(topology, node, closed: true);
        var channels = (open.Count > 0 ? "channels with " + string.Join(", ", open) : "no open channel") + (closed.Count > 0 ? $"; closed with {string.Join(", ", closed)}" : "");
        return new ComposeService(
            node,
            string.Create(CultureInfo.InvariantCulture, $"Node {node}: {channels}. Peers on {node}:{PortPlan.ContainerPeerPort}, control API on {node}:{PortPlan.ContainerApiPort}; reads {NetworkFile} and {DataFolder(node)} only, logs to {ComposeLayout.LogsMount}/{node}.jsonl."),
            ["lnrelay-node", "--data-dir", DataFolder(node), "--network", NetworkFile, "--log-dir", ComposeLayout.LogsMount, "--peer-bind", ComposeLayout.BindAll, "--api-bind", ComposeLayout.BindAll],
            [$"{ComposeLayout.NetworkVolume}:{ComposeLayout.NetworkMount}:ro", $"{ComposeLayout.LogsVolume}:{ComposeLayout.LogsMount}"],
            [new ComposeDependency(ComposeLayout.InitService, ComposeDependency.CompletedSuccessfully), new ComposeDependency(ComposeLayout.ChainService, ComposeDependency.Started)],
            HealthCheck: true);
    }

    private static ComposeService Chain() => new(
        ComposeLayout.ChainService,
        string.Create(CultureInfo.InvariantCulture, $"The regtest chain init built (docs/chain.md): Bitcoin Core's JSON-RPC subset on {ComposeLayout.ChainService}:{OnChain.ChainPlan.RegtestRpcPort}, a block every block_interval_seconds, blocks appended to {ComposeLayout.NetworkMount}/chain.blocks. The nodes follow it."),
        ["lnrelay", "chain", "serve", "--dir", ComposeLayout.NetworkMount, "--bind", ComposeLayout.BindAll],
        [$"{ComposeLayout.NetworkVolume}:{ComposeLayout.NetworkMount}"],
        [new ComposeDependency(ComposeLayout.InitService, ComposeDependency.CompletedSuccessfully)],
        HealthCheck: false);

    private static ComposeService Orchestrator(NetworkTopology topology) => new(
        ComposeLayout.OrchestratorService,
        "Once every node is healthy, runs the demo's scenario against them and prints the results and the knowledge table; " +
            "results.json goes into the network volume. Also the place for more verbs: docker compose run --rm orchestrator lnrelay pay ...",
        ["lnrelay", "demo", "--attach", ComposeLayout.NetworkMount, "--logs", ComposeLayout.LogsMount],
        [$"{ComposeLayout.NetworkVolume}:{ComposeLayout.NetworkMount}", $"{ComposeLayout.LogsVolume}:{ComposeLayout.LogsMount}:ro"],
        [.. topology.Nodes.Select(n => new ComposeDependency(n, ComposeDependency.Healthy))],
        HealthCheck: false);

    private static List<string> Peers(NetworkTopology topology, string node, bool closed) =>
        [.. topology.Channels.Where(c => c.Closed == closed && (c.Node1 == node || c.Node2 == node)).Select(c => c.Node1 == node ? c.Node2 : c.Node1)];
}

/// <summary>The compose project, or why a topology cannot have one.</summary>
internal sealed record ComposeResult(ComposeProject? Project, string? Error)
{
    public static ComposeResult Failed(string error) => new(null, error);
}
