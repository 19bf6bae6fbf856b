using System.Globalization;
using k8s.Models;
using LnRelay.Node.Network;

namespace LnRelay.Orchestrator.Kubernetes;

/// <summary>
/// The objects of one unit (a node, or a shard of K nodes): a Secret with its nodes' secret
/// files, a headless Service named after the unit, and a one-replica StatefulSet whose init
/// container assembles each node's data folder on the pod's own volume (DATA/NAME: the
/// secret files with mode 0600, network.json joined from the ConfigMap parts), then runs
/// lnrelay-node (a node) or <c>lnrelay k8s host</c> (a shard).
/// </summary>
internal static class UnitObjects
{
    public const string NodeComponent = "node";
    public const string ShardComponent = "shard";
    public const string ContainerName = "node";

    /// <summary>Per node in a pod: what one process per node was measured to need (docs/kubernetes.md: a node in its own process used 84–108 MB RSS).</summary>
    private const string NodeMemoryRequest = "128Mi";
    private const string NodeMemoryLimit = "256Mi";
    private const string NodeCpuRequest = "50m";

    /// <summary>Per shard: ~100 MB for the process, then about 2 MB per in-process node (docs/performance.md).</summary>
    private const int ShardBaseMi = 128;
    private const int ShardMiPerNode = 4;

    public static IEnumerable<object> Build(ClusterUnit unit, ClusterNetwork network, IReadOnlyDictionary<string, NodePlacement> placements, IReadOnlyList<V1ConfigMap> networkParts)
    {
        var component = unit.IsShard ? ShardComponent : NodeComponent;
        var secretName = unit.Name + K8sNames.KeysSuffix;
        var data = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var node in unit.Nodes)
        {
            foreach (var (file, bytes) in network.NodeSecrets[node])
            {
                data[SecretKey(node, file)] = bytes;
            }
        }

        yield return PodParts.Secret(secretName, component, unit.Name, data);
        yield return PodParts.HeadlessService(unit.Name, component, Ports(unit, placements));

        var prepare = PodParts.Container(
            "prepare",
            ["sh", "-c", PrepareScript(unit.Nodes)],
            [PodParts.Mount(PodParts.KeysVolume, PodParts.KeysPath), PodParts.Mount(PodParts.NetworkVolume, PodParts.NetworkPath), PodParts.Mount(PodParts.DataVolume, PodParts.DataPath, readOnly: false)]);
        var first = placements[unit.Nodes[0]];
        var main = PodParts.Container(ContainerName, Command(unit), [PodParts.Mount(PodParts.DataVolume, PodParts.DataPath, readOnly: false)]);
        main.Ports = [.. unit.Nodes.SelectMany((n, j) => new[]
        {
            new V1ContainerPort { Name = PortName("peer", unit, j), ContainerPort = placements[n].PeerPort },
            new V1ContainerPort { Name = PortName("api", unit, j), ContainerPort = placements[n].ApiPort },
        })];
        // Ready when the (first) node's control API answers, as the Dockerfile's HEALTHCHECK asks.
        var health = new V1HTTPGetAction { Path = "/v1/health", Port = first.ApiPort };
        main.ReadinessProbe = new V1Probe { HttpGet = health, PeriodSeconds = 5, TimeoutSeconds = 3 };
        main.StartupProbe = new V1Probe { HttpGet = health, PeriodSeconds = 5, TimeoutSeconds = 3, FailureThreshold = 120 };
        main.Resources = unit.IsShard
            ? PodParts.Resources(Mi(ShardBaseMi + (ShardMiPerNode * unit.Nodes.Count)), "500m", Mi(2 * (ShardBaseMi + (ShardMiPerNode * unit.Nodes.Count))))
            : PodParts.Resources(NodeMemoryRequest, NodeCpuRequest, NodeMemoryLimit);
        var pod = PodParts.Spec(
            [prepare],
            [main],
            [PodParts.SecretVolume(PodParts.KeysVolume, secretName), GzipParts.Volume(PodParts.NetworkVolume, networkParts)]);
        yield return PodParts.StatefulSet(unit.Name, component, pod, PodParts.DataMiPerNode * unit.Nodes.Count);
    }

    /// <summary>A Secret key per node and file: NAME.node.key, NAME.api.token, … (keys may hold a-z, 0-9, '-', '_', '.').</summary>
    public static string SecretKey(string node, string file) => node + "." + file;

    public static string DataDir(string node) => PodParts.DataPath + "/" + node;

    /// <summary>Port names are at most 15 characters: peer/api for a node, peer-J/api-J in a shard.</summary>
    public static string PortName(string kind, ClusterUnit unit, int j) => unit.IsShard ? kind + "-" + j.ToString(CultureInfo.InvariantCulture) : kind;

    private static List<V1ServicePort> Ports(ClusterUnit unit, IReadOnlyDictionary<string, NodePlacement> placements) =>
        [.. unit.Nodes.SelectMany((n, j) => new[]
        {
            new V1ServicePort { Name = PortName("peer", unit, j), Port = placements[n].PeerPort, TargetPort = placements[n].PeerPort, Protocol = "TCP" },
            new V1ServicePort { Name = PortName("api", unit, j), Port = placements[n].ApiPort, TargetPort = placements[n].ApiPort, Protocol = "TCP" },
        })];

    private static List<string> Command(ClusterUnit unit) => unit.IsShard
        ? ["lnrelay", "k8s", "host", "--dir", PodParts.DataPath, "--bind", "0.0.0.0"]
        : ["lnrelay-node", "--data-dir", DataDir(unit.Nodes[0]), "--peer-bind", "0.0.0.0", "--api-bind", "0.0.0.0"];

    /// <summary>
    /// Each node's folder on the pod's volume: the secret files (0600: the node refuses keys
    /// others can read); the parts joined into DATA/network.json.gz, the network folder's one
    /// description that every node of the pod reads (its data folder's parent, docs/network-file.md).
    /// Run on every start, so a changed Secret or ConfigMap is picked up; the store (node.db) and logs stay.
    /// </summary>
    private static string PrepareScript(IEnumerable<string> nodes) =>
        "set -eu\n" +
        $"cat {PodParts.NetworkPath}/{NetworkFile.FileName}.gz.* > {PodParts.DataPath}/{NetworkFile.FileName}.gz.new\n" +
        $"mv {PodParts.DataPath}/{NetworkFile.FileName}.gz.new {PodParts.DataPath}/{NetworkFile.FileName}.gz\n" +
        $"for n in {string.Join(' ', nodes)}; do\n" +
        $"  d={PodParts.DataPath}/$n\n" +
        "  mkdir -p $d/logs\n" +
        $"  for f in {string.Join(' ', ClusterNetwork.NodeSecretFiles)}; do cat {PodParts.KeysPath}/$n.$f > $d/$f; chmod 600 $d/$f; done\n" +
        "done\n";

    private static string Mi(int mebibytes) => mebibytes.ToString(CultureInfo.InvariantCulture) + "Mi";
}
