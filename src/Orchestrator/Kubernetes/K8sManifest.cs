using k8s.Models;
using LnRelay.Chain.Keys;
using LnRelay.Node.Network;
using LnRelay.Orchestrator.Topology;

namespace LnRelay.Orchestrator.Kubernetes;

/// <summary>
/// Everything <c>lnrelay k8s</c> writes, as typed objects per file (docs/kubernetes.md "What
/// it writes"): the public manifests, the Secrets (kept apart: they go to a git-ignored
/// folder), and the network.json the nodes run with (for <c>lnrelay knowledge</c> on the
/// gathered logs).
/// </summary>
internal sealed record K8sManifest(
    IReadOnlyDictionary<string, IReadOnlyList<object>> Files,
    IReadOnlyList<object> Secrets,
    byte[] NetworkJson,
    NetworkFileDto Network,
    IReadOnlyList<ClusterUnit> Units,
    string Payer,
    string Payee)
{
    public const string NamespaceFile = "namespace.yaml";
    public const string NetworkFile = "network.yaml";
    public const string ChainFile = "chain.yaml";
    public const string NodesFile = "nodes.yaml";
    public const string ScenarioFile = "scenario.yaml";
    public const string SecretsFolder = "secrets";
    public const string SecretsFile = "secrets.yaml";

    /// <summary>The manifests in the order kustomization.yaml lists them.</summary>
    public static readonly string[] FileOrder = [NamespaceFile, NetworkFile, ChainFile, NodesFile, ScenarioFile];

    public static K8sManifest? Build(NetworkTopology topology, K8sOptions options, NetworkSeed? seed, out string? error)
    {
        error = NameProblem(topology, options);
        var chosen = error is null ? ScenarioObjects.Choose(topology, options.Payer, options.Payee, out error) : null;
        if (chosen is not { } scenario)
        {
            return null;
        }

        var units = ClusterUnits.Plan(topology, options.Layout, options.NodesPerPod);
        var placements = ClusterUnits.Placements(units);
        var network = ClusterNetwork.Build(topology, placements, seed, out error);
        if (network is null)
        {
            return null;
        }

        var networkParts = GzipParts.ConfigMaps(K8sNames.NetworkConfigMapPrefix, Node.Network.NetworkFile.FileName, network.NetworkJson, "network");
        var blockParts = GzipParts.ConfigMaps(K8sNames.ChainBlocksConfigMapPrefix, LnRelay.Chain.Blocks.ChainFile.FileName, network.ChainBlocks, ChainObjects.Component);
        var secrets = new List<object>();
        var nodes = new List<object>();
        foreach (var unit in units)
        {
            Split(UnitObjects.Build(unit, network, placements, networkParts), secrets, nodes);
        }

        var chain = new List<object>();
        Split(ChainObjects.Build(network, networkParts, blockParts), secrets, chain);
        var job = new List<object>();
        Split(ScenarioObjects.Build(network, networkParts, scenario.Payer, scenario.Payee), secrets, job);
        var files = new Dictionary<string, IReadOnlyList<object>>(StringComparer.Ordinal)
        {
            [NamespaceFile] = [new V1Namespace { ApiVersion = "v1", Kind = "Namespace", Metadata = new V1ObjectMeta { Name = options.Namespace, Labels = new Dictionary<string, string> { [K8sNames.AppLabel] = K8sNames.AppName } } }],
            [NetworkFile] = [.. networkParts, .. blockParts],
            [ChainFile] = chain,
            [NodesFile] = nodes,
            [ScenarioFile] = job,
        };
        return new K8sManifest(files, secrets, network.NetworkJson, network.Network, units, scenario.Payer, scenario.Payee);
    }

    /// <summary>Why a node or the namespace cannot be a Kubernetes name, with the fix; null when all can.</summary>
    public static string? NameProblem(NetworkTopology topology, K8sOptions options)
    {
        if (!K8sNames.IsServiceName(options.Namespace))
        {
            return $"--namespace '{options.Namespace}': a namespace is 1-52 characters of a-z, 0-9 and '-', starting with a letter and not ending with '-'.";
        }

        if (options.Layout == K8sLayout.Shards)
        {
            return null;
        }

        var bad = topology.Nodes.FirstOrDefault(n => !K8sNames.IsServiceName(n));
        if (bad is not null)
        {
            return $"node '{bad}' cannot name a Kubernetes Service (a-z, 0-9 and '-', starting with a letter, not ending with '-'; no '_'); rename it in the topology, or use --layout shards (pods named shard-I).";
        }

        var reserved = topology.Nodes.FirstOrDefault(n => K8sNames.Reserved.Contains(n));
        return reserved is null ? null : $"node '{reserved}' has the name of the generator's own {reserved} Service; rename it in the topology.";
    }

    /// <summary>Secrets to one list (their own git-ignored file), everything else to the other.</summary>
    private static void Split(IEnumerable<object> objects, List<object> secrets, List<object> others)
    {
        foreach (var o in objects)
        {
            (o is V1Secret ? secrets : others).Add(o);
        }
    }
}
