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
    IReadOnlyList<(string Path, IReadOnlyList<object> Objects)> Files,
    byte[] NetworkJson,
    NetworkFileDto Network,
    IReadOnlyList<ClusterUnit> Units,
    string Payer,
    string Payee)
{
    public const string NamespaceFile = "namespace.yaml";
    public const string NetworkFile = "network.yaml";
    public const string ChainFile = "chain.yaml";
    public const string NodesFolder = "nodes";
    public const string ScenarioFile = "scenario.yaml";
    public const string SecretsFolder = "secrets";

    /// <summary>
    /// Units per nodes/NNN.yaml (and Secrets per secrets/NNN.yaml) until their nodes reach this:
    /// YAML readers bound a document stream (YamlDotNet, which KubernetesClient uses, at
    /// 100,000 parsing events), and a node's Service and StatefulSet take about 300.
    /// </summary>
    public const int NodesPerFile = 200;

    /// <summary>The public files, without the Secrets.</summary>
    public IEnumerable<(string Path, IReadOnlyList<object> Objects)> Public => Files.Where(f => !f.Path.StartsWith(SecretsFolder + "/", StringComparison.Ordinal));

    public IEnumerable<object> All => Files.SelectMany(f => f.Objects);

    public IEnumerable<object> Secrets => Files.Where(f => f.Path.StartsWith(SecretsFolder + "/", StringComparison.Ordinal)).SelectMany(f => f.Objects);

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
        var files = new List<(string Path, IReadOnlyList<object> Objects)>
        {
            (NamespaceFile, [new V1Namespace { ApiVersion = "v1", Kind = "Namespace", Metadata = new V1ObjectMeta { Name = options.Namespace, Labels = new Dictionary<string, string> { [K8sNames.AppLabel] = K8sNames.AppName } } }]),
            (NetworkFile, [.. networkParts, .. blockParts]),
        };
        var secrets = new List<(string Path, IReadOnlyList<object> Objects)>();
        Add(files, secrets, ChainFile, "chain.yaml", ChainObjects.Build(network, networkParts, blockParts));
        var group = new List<ClusterUnit>();
        var index = 0;
        foreach (var unit in units)
        {
            group.Add(unit);
            if (group.Sum(u => u.Nodes.Count) >= NodesPerFile || unit == units[^1])
            {
                var file = index++.ToString("000", System.Globalization.CultureInfo.InvariantCulture) + ".yaml";
                Add(files, secrets, $"{NodesFolder}/{file}", file, group.SelectMany(u => UnitObjects.Build(u, network, placements, networkParts)).ToList());
                group.Clear();
            }
        }

        Add(files, secrets, ScenarioFile, "scenario.yaml", ScenarioObjects.Build(network, networkParts, scenario.Payer, scenario.Payee));
        files.AddRange(secrets);
        return new K8sManifest(files, network.NetworkJson, network.Network, units, scenario.Payer, scenario.Payee);
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

    /// <summary>The objects to PATH, their Secrets to secrets/SECRETS (git-ignored).</summary>
    private static void Add(List<(string, IReadOnlyList<object>)> files, List<(string, IReadOnlyList<object>)> secrets, string path, string secretsFile, IEnumerable<object> objects)
    {
        var list = objects.ToList();
        files.Add((path, [.. list.Where(o => o is not V1Secret)]));
        secrets.Add(($"{SecretsFolder}/{secretsFile}", [.. list.OfType<V1Secret>()]));
    }
}
