using LnRelay.Orchestrator.Topology;

namespace LnRelay.Orchestrator.Kubernetes;

/// <summary>
/// Which pod runs which nodes, and where each node listens. Per node: unit = the node, host =
/// its Service's name, peers on 9735 and API on 8080 (as docker compose). Shards: unit I hosts
/// nodes I·K … I·K+K−1 in topology order, host "shard-I", the J-th of them on ports
/// <see cref="ClusterUnits.ShardPeerBase"/>+J and <see cref="ClusterUnits.ShardApiBase"/>+J (one network namespace per pod).
/// </summary>
internal sealed record ClusterUnit(string Name, IReadOnlyList<string> Nodes, bool IsShard);

internal sealed record NodePlacement(string Unit, string Host, int PeerPort, int ApiPort);

internal static class ClusterUnits
{
    public const int PeerPort = 9735;
    public const int ApiPort = 8080;
    public const int ShardPeerBase = 10_000;
    public const int ShardApiBase = 20_000;

    public static IReadOnlyList<ClusterUnit> Plan(NetworkTopology topology, K8sLayout layout, int nodesPerPod) =>
        layout == K8sLayout.PerNode
            ? [.. topology.Nodes.Select(n => new ClusterUnit(n, [n], IsShard: false))]
            : [.. topology.Nodes.Chunk(nodesPerPod).Select((nodes, i) => new ClusterUnit(K8sNames.ShardName(i), nodes, IsShard: true))];

    public static Dictionary<string, NodePlacement> Placements(IReadOnlyList<ClusterUnit> units)
    {
        var placements = new Dictionary<string, NodePlacement>(StringComparer.Ordinal);
        foreach (var unit in units)
        {
            for (var j = 0; j < unit.Nodes.Count; j++)
            {
                placements[unit.Nodes[j]] = unit.IsShard
                    ? new NodePlacement(unit.Name, unit.Name, ShardPeerBase + j, ShardApiBase + j)
                    : new NodePlacement(unit.Name, unit.Name, PeerPort, ApiPort);
            }
        }

        return placements;
    }
}
