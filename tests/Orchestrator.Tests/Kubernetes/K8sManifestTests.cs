using System.Runtime.Versioning;
using k8s;
using k8s.Models;
using LnRelay.Node.Network;
using LnRelay.Orchestrator.Cli;
using LnRelay.Orchestrator.Kubernetes;
using LnRelay.Orchestrator.Topology;
using LnRelay.Orchestrator.Topology.Generation;

namespace LnRelay.Orchestrator.Tests.Kubernetes;

/// <summary>'lnrelay k8s': every node gets its Secret, Service and pod; each Service selects exactly its pod; ports and hosts agree with network.json; the YAML loads back strictly.</summary>
[UnsupportedOSPlatform("windows")]
public sealed class K8sManifestTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("lnrelay-k8s-").FullName;

    [Fact]
    public void PerNode_GivesEachNodeASecretAServiceAndAStatefulSet_ThatAgreeWithNetworkJson()
    {
        var manifest = Build(DefaultTopology.Load(null).Topology!, new K8sOptions("lnrelay", "lnrelay:latest", K8sLayout.PerNode, 1));

        Assert.Equal(["alice", "bob", "carol", "dave", "eve"], manifest.Units.Select(u => u.Name));
        var objects = manifest.All.ToList();
        var sets = objects.OfType<V1StatefulSet>().ToList();
        var services = objects.OfType<V1Service>().ToList();
        Assert.Equal(6, sets.Count);
        Assert.Equal(6, services.Count);
        Assert.Equal(7, manifest.Secrets.Count());
        foreach (var node in manifest.Network.Nodes)
        {
            Assert.Equal(node.Name, node.Host);
            Assert.Equal($"http://{node.Name}:8080", node.ControlUrl);
            var set = sets.Single(s => s.Metadata.Name == node.Name);
            var pod = set.Spec.Template.Spec;
            Assert.Equal(1, set.Spec.Replicas);
            Assert.Equal(node.Name, set.Spec.ServiceName);
            Assert.False(pod.EnableServiceLinks);
            Assert.False(pod.AutomountServiceAccountToken);
            var container = pod.Containers.Single();
            Assert.Equal(["lnrelay-node", "--data-dir", $"/data/{node.Name}", "--peer-bind", "0.0.0.0", "--api-bind", "0.0.0.0"], container.Command);
            Assert.Equal("/v1/health", container.ReadinessProbe.HttpGet.Path);
            Assert.NotNull(container.Resources.Requests["memory"]);
            Assert.NotNull(container.Resources.Limits["memory"]);
            var secret = manifest.Secrets.OfType<V1Secret>().Single(s => s.Metadata.Name == node.Name + "-keys");
            Assert.Equal(ClusterNetwork.NodeSecretFiles.Select(f => $"{node.Name}.{f}").Order(), secret.Data.Keys.Order());
            Assert.Equal(secret.Metadata.Name, pod.Volumes.Single(v => v.Secret is not null).Secret.SecretName);
        }

        AssertServicesSelectExactlyTheirPod(objects);
        AssertPortsMatchNetworkJson(manifest);
    }

    [Fact]
    public void Shards_PutKNodesInEachPod_EachOnItsOwnPorts_AndTheHostRunsThem()
    {
        var topology = TopologyGenerator.Generate(new GeneratorOptions(25, TopologyModel.ScaleFree, 3));

        var manifest = Build(topology, new K8sOptions("big-net", "registry.example:5000/lnrelay:1.2", K8sLayout.Shards, 10));

        Assert.Equal(["shard-0", "shard-1", "shard-2"], manifest.Units.Select(u => u.Name));
        Assert.Equal([10, 10, 5], manifest.Units.Select(u => u.Nodes.Count));
        var objects = manifest.All.ToList();
        var shard = objects.OfType<V1StatefulSet>().Single(s => s.Metadata.Name == "shard-2");
        Assert.Equal(["lnrelay", "k8s", "host", "--dir", "/data", "--bind", "0.0.0.0"], shard.Spec.Template.Spec.Containers.Single().Command);
        Assert.Contains("for n in n21 n22 n23 n24 n25; do", shard.Spec.Template.Spec.InitContainers.Single().Command[2], StringComparison.Ordinal);
        var n23 = manifest.Network.Nodes.Single(n => n.Name == "n23");
        Assert.Equal(("shard-2", 10_002, "http://shard-2:20002"), (n23.Host, n23.Port, n23.ControlUrl));
        AssertServicesSelectExactlyTheirPod(objects);
        AssertPortsMatchNetworkJson(manifest);
    }

    [Fact]
    public void TheWrittenFolder_LoadsBackStrictly_AndKeepsSecretsApart()
    {
        var dir = Path.Combine(_folder, "out");
        Assert.Equal(ExitCodes.Success, K8sCommand.Run(null, dir, new K8sOptions("lnrelay", "lnrelay:latest", K8sLayout.PerNode, 1), null, false, TextWriter.Null, TextWriter.Null));

        Assert.Equal(["namespace.yaml", "network.yaml", "chain.yaml", "nodes/000.yaml", "scenario.yaml", "secrets/chain.yaml", "secrets/000.yaml", "secrets/scenario.yaml"], K8sWriter.Resources(dir));
        foreach (var file in K8sWriter.Resources(dir))
        {
            var yaml = File.ReadAllText(Path.Combine(dir, file));
            var loaded = KubernetesYaml.LoadAllFromString(yaml, strict: true);
            Assert.NotEmpty(loaded);
            Assert.Equal(yaml, KubernetesYaml.SerializeAll(loaded));
        }

        Assert.DoesNotContain("kind: Secret", string.Concat(K8sWriter.Resources(dir).Where(f => !f.StartsWith("secrets/", StringComparison.Ordinal)).Select(f => File.ReadAllText(Path.Combine(dir, f)))), StringComparison.Ordinal);
        Assert.Empty(K8sCheck.Run(dir).Problems);
        Assert.Equal("secrets/", File.ReadAllLines(Path.Combine(dir, ".gitignore")).Last());
        Assert.All(Directory.GetFiles(Path.Combine(dir, "secrets")), f => Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(f)));
        Assert.True(NetworkFile.Load(Path.Combine(dir, "network.json")).Succeeded);

        // A second run into the same folder is refused: it would make new keys.
        Assert.Equal(ExitCodes.Refused, K8sCommand.Run(null, dir, new K8sOptions("lnrelay", "lnrelay:latest", K8sLayout.PerNode, 1), null, false, TextWriter.Null, TextWriter.Null));
    }

    [Theory]
    [InlineData("readinesProbe:", "readinessProbe:")]
    [InlineData("replicas: one", "replicas: 1")]
    public void StrictLoading_RefusesAMisspeltFieldOrAWrongType(string bad, string good)
    {
        var yaml = K8sWriter.Serialize(Build(DefaultTopology.Load(null).Topology!, new K8sOptions("lnrelay", "lnrelay", K8sLayout.PerNode, 1)).Files.Single(f => f.Path == "nodes/000.yaml").Objects);
        Assert.Contains(good, yaml, StringComparison.Ordinal);

        Assert.ThrowsAny<Exception>(() => KubernetesYaml.LoadAllFromString(yaml.Replace(good, bad, StringComparison.Ordinal), strict: true));
    }

    [Theory]
    [InlineData("bad_name", "no '_'")]
    [InlineData("chain", "generator's own chain Service")]
    public void ANodeNameKubernetesCannotUse_IsRefusedWithTheFix(string name, string expected)
    {
        var topology = TopologyParser.Parse($"nodes: [alice, {name}]\nchannels:\n  - between: [alice, {name}]\n    capacity_msat: 10_000_000\n", "t.yaml").Topology!;

        Assert.Null(K8sManifest.Build(topology, new K8sOptions("lnrelay", "lnrelay", K8sLayout.PerNode, 1), null, out var error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("lnrelay", "lnrelay", "latest")]
    [InlineData("lnrelay:v1", "lnrelay", "v1")]
    [InlineData("registry.example:5000/team/lnrelay", "registry.example:5000/team/lnrelay", "latest")]
    [InlineData("registry.example:5000/team/lnrelay:2.0", "registry.example:5000/team/lnrelay", "2.0")]
    public void TheImage_IsSplitIntoNameAndTag(string image, string name, string tag) =>
        Assert.Equal((name, tag), K8sWriter.SplitImage(image));

    [Fact]
    public void TheScenario_PaysFromTheLastNodeToTheFarthest_UnlessTold()
    {
        var line = TopologyParser.Parse("nodes: [a, b, c, d]\nchannels:\n  - { between: [a, b], capacity_msat: 1000 }\n  - { between: [b, c], capacity_msat: 1000 }\n  - { between: [c, d], capacity_msat: 1000 }\n", "t.yaml").Topology!;

        Assert.Equal(("d", "a"), ScenarioObjects.Choose(line, null, null, out _));
        Assert.Equal(("b", "c"), ScenarioObjects.Choose(line, "b", "c", out _));
        Assert.Null(ScenarioObjects.Choose(line, "b", null, out var error));
        Assert.Contains("--payer and --payee", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TheCheck_FindsAServiceThatSelectsNoPod_AndAPortNetworkJsonDoesNotHave()
    {
        var dir = Path.Combine(_folder, "out");
        Assert.Equal(ExitCodes.Success, K8sCommand.Run(null, dir, new K8sOptions("lnrelay", "lnrelay", K8sLayout.PerNode, 1), null, false, TextWriter.Null, TextWriter.Null));
        var nodes = Path.Combine(dir, "nodes", "000.yaml");
        var yaml = File.ReadAllText(nodes);
        var bobSelector = "  selector:\n    app.kubernetes.io/name: lnrelay\n    lnrelay.org/unit: bob\n";
        Assert.Contains(bobSelector, yaml, StringComparison.Ordinal);
        File.WriteAllText(nodes, yaml.Replace(bobSelector, bobSelector.Replace("unit: bob", "unit: bobby", StringComparison.Ordinal), StringComparison.Ordinal)
            .Replace("- containerPort: 9735\n          name: peer", "- containerPort: 9736\n          name: peer", StringComparison.Ordinal));

        var problems = K8sCheck.Run(dir).Problems;

        Assert.Contains(problems, p => p.StartsWith("Service bob: selects no pod", StringComparison.Ordinal));
        Assert.Contains("node alice: its peer port 9735 (network.json) is not on Service alice and its container.", problems);
    }

    [Fact]
    public void ManyNodes_AreSpreadOverFilesAYamlReaderAccepts()
    {
        var topology = TopologyGenerator.Generate(new GeneratorOptions(450, TopologyModel.Random, 2));

        var manifest = Build(topology, new K8sOptions("lnrelay", "lnrelay", K8sLayout.PerNode, 1));

        Assert.Equal(["nodes/000.yaml", "nodes/001.yaml", "nodes/002.yaml"], manifest.Files.Select(f => f.Path).Where(p => p.StartsWith("nodes/", StringComparison.Ordinal)));
        Assert.Equal(450, manifest.All.OfType<V1StatefulSet>().Count(s => s.Metadata.Name != "chain"));
        AssertServicesSelectExactlyTheirPod(manifest.All.ToList());
        AssertPortsMatchNetworkJson(manifest);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static K8sManifest Build(NetworkTopology topology, K8sOptions options) =>
        K8sManifest.Build(topology, options, null, out var error) ?? throw new InvalidOperationException(error);

    /// <summary>Every Service's selector matches the labels of exactly one pod template: its own StatefulSet's.</summary>
    private static void AssertServicesSelectExactlyTheirPod(IReadOnlyList<object> objects)
    {
        var templates = objects.OfType<V1StatefulSet>().Select(s => (s.Metadata.Name, s.Spec.Template.Metadata.Labels))
            .Concat(objects.OfType<V1Job>().Select(j => (j.Metadata.Name, j.Spec.Template.Metadata.Labels))).ToList();
        foreach (var service in objects.OfType<V1Service>())
        {
            var selected = templates.Where(t => service.Spec.Selector.All(kv => t.Labels.TryGetValue(kv.Key, out var v) && v == kv.Value)).ToList();
            Assert.Equal(service.Metadata.Name, Assert.Single(selected).Name);
        }

        foreach (var set in objects.OfType<V1StatefulSet>())
        {
            Assert.All(set.Spec.Selector.MatchLabels, kv => Assert.Equal(kv.Value, set.Spec.Template.Metadata.Labels[kv.Key]));
            Assert.True(K8sNames.IsServiceName(set.Metadata.Name), set.Metadata.Name);
        }
    }

    /// <summary>Every node's peer and API ports are on its host's Service and its pod's container, as network.json says.</summary>
    private static void AssertPortsMatchNetworkJson(K8sManifest manifest)
    {
        var objects = manifest.All.ToList();
        foreach (var node in manifest.Network.Nodes)
        {
            var service = objects.OfType<V1Service>().Single(s => s.Metadata.Name == node.Host);
            var container = objects.OfType<V1StatefulSet>().Single(s => s.Metadata.Name == node.Host).Spec.Template.Spec.Containers.Single();
            var api = new Uri(node.ControlUrl);
            Assert.Equal(node.Host, api.Host);
            foreach (var port in new[] { node.Port, api.Port })
            {
                Assert.Single(service.Spec.Ports, p => p.Port == port && p.TargetPort.Value == port.ToString(System.Globalization.CultureInfo.InvariantCulture));
                Assert.Single(container.Ports, p => p.ContainerPort == port);
            }
        }

        Assert.Equal("http://chain:18443", manifest.Network.Chain!.RpcUrl);
        Assert.Single(objects.OfType<V1Service>(), s => s.Metadata.Name == "chain" && s.Spec.Ports.Single().Port == 18443);
    }
}
