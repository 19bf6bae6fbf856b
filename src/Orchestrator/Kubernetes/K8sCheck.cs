using System.Globalization;
using System.Text;
using k8s;
using k8s.Models;
using LnRelay.Node.Network;

namespace LnRelay.Orchestrator.Kubernetes;

/// <summary>
/// <c>lnrelay k8s check --dir DIR</c>: what can be checked of a generated kustomization with no
/// cluster (docs/kubernetes.md "What was verified"). Each file loads strictly through
/// KubernetesClient (an unknown field or a wrong type fails) and serialises back to the same
/// bytes; ConfigMaps and Secrets hold at most 1 MiB and every object stays under etcd's
/// 1.5 MiB request limit; names are DNS labels; every volume names an object that exists;
/// every Service selects exactly one pod template, its own StatefulSet's; every node of
/// network.json listens where its host's Service and container say.
/// </summary>
internal static class K8sCheck
{
    /// <summary>kubernetes.io "ConfigMaps" and "Secrets": at most 1 MiB of data each.</summary>
    public const int MaxDataBytes = 1024 * 1024;

    /// <summary>etcd's default --max-request-bytes (1.5 MiB), which bounds any object the API server stores.</summary>
    public const int MaxObjectBytes = 1536 * 1024;

    public sealed record Report(IReadOnlyList<string> Problems, int Objects, int LargestObjectBytes, int LargestDataBytes);

    public static Report Run(string directory)
    {
        var problems = new List<string>();
        var objects = new List<(string File, object Value)>();
        if (!File.Exists(Path.Combine(directory, K8sWriter.KustomizationFile)))
        {
            return new Report([$"{directory}: no {K8sWriter.KustomizationFile}; write the folder with 'lnrelay k8s'."], 0, 0, 0);
        }

        foreach (var file in K8sWriter.Resources(directory))
        {
            var path = Path.Combine(directory, file);
            if (!File.Exists(path))
            {
                problems.Add($"{file}: missing; write the folder with 'lnrelay k8s'.");
                continue;
            }

            var yaml = File.ReadAllText(path);
            try
            {
                var loaded = KubernetesYaml.LoadAllFromString(yaml, strict: true);
                if (KubernetesYaml.SerializeAll(loaded) != yaml)
                {
                    problems.Add($"{file}: does not serialise back to the same text (a field KubernetesClient does not keep).");
                }

                objects.AddRange(loaded.Select(o => (file, o)));
            }
            catch (Exception e) when (e is YamlDotNet.Core.YamlException or InvalidOperationException or FormatException or ArgumentException)
            {
                problems.Add($"{file}: {e.Message} {e.InnerException?.Message}".TrimEnd());
            }
        }

        var largestObject = 0;
        var largestData = 0;
        foreach (var (file, value) in objects)
        {
            var meta = (value as IMetadata<V1ObjectMeta>)?.Metadata;
            var name = $"{file}: {value.GetType().Name} {meta?.Name}";
            var size = Encoding.UTF8.GetByteCount(KubernetesJson.Serialize(value));
            largestObject = Math.Max(largestObject, size);
            if (size > MaxObjectBytes)
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"{name}: {size} bytes, over the {MaxObjectBytes}-byte object limit."));
            }

            var data = value switch
            {
                V1ConfigMap m => (m.Data?.Sum(kv => Encoding.UTF8.GetByteCount(kv.Value)) ?? 0) + (m.BinaryData?.Sum(kv => kv.Value.Length) ?? 0),
                V1Secret s => s.Data?.Sum(kv => kv.Value.Length) ?? 0,
                _ => 0,
            };
            largestData = Math.Max(largestData, data);
            if (data > MaxDataBytes)
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"{name}: {data} bytes of data, over Kubernetes' 1 MiB limit."));
            }

            if (meta?.Name is not { } n || !K8sNames.IsServiceName(n))
            {
                problems.Add($"{name}: not a DNS label of at most {K8sNames.MaxStatefulSetName} characters.");
            }
        }

        var all = objects.Select(o => o.Value).ToList();
        CheckReferences(all, problems);
        CheckSelectors(all, problems);
        CheckPorts(directory, all, problems);
        return new Report(problems, objects.Count, largestObject, largestData);
    }

    private static void CheckReferences(List<object> all, List<string> problems)
    {
        var maps = all.OfType<V1ConfigMap>().Select(m => m.Metadata.Name).ToHashSet(StringComparer.Ordinal);
        var secrets = all.OfType<V1Secret>().Select(s => s.Metadata.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var (owner, pod, _) in Pods(all))
        {
            foreach (var volume in pod.Volumes ?? [])
            {
                if (volume.Secret is { } s && !secrets.Contains(s.SecretName))
                {
                    problems.Add($"{owner}: volume {volume.Name} names Secret {s.SecretName}, which is not in the kustomization.");
                }

                foreach (var source in volume.Projected?.Sources ?? [])
                {
                    if (source.ConfigMap is { } c && !maps.Contains(c.Name))
                    {
                        problems.Add($"{owner}: volume {volume.Name} names ConfigMap {c.Name}, which is not in the kustomization.");
                    }
                }
            }
        }
    }

    private static void CheckSelectors(List<object> all, List<string> problems)
    {
        var templates = Pods(all).Select(p => (p.Owner, Labels: p.Labels)).ToList();
        foreach (var service in all.OfType<V1Service>())
        {
            var selected = templates.Where(t => service.Spec.Selector.All(kv => t.Labels.TryGetValue(kv.Key, out var v) && v == kv.Value)).Select(t => t.Owner).ToList();
            if (selected.Count != 1 || selected[0] != $"StatefulSet {service.Metadata.Name}")
            {
                problems.Add($"Service {service.Metadata.Name}: selects {(selected.Count == 0 ? "no pod" : string.Join(", ", selected))}, not exactly StatefulSet {service.Metadata.Name}'s pod.");
            }
        }

        foreach (var set in all.OfType<V1StatefulSet>())
        {
            if (set.Spec.Selector.MatchLabels.Any(kv => !set.Spec.Template.Metadata.Labels.TryGetValue(kv.Key, out var v) || v != kv.Value))
            {
                problems.Add($"StatefulSet {set.Metadata.Name}: its selector does not match its own pod template.");
            }
        }
    }

    private static void CheckPorts(string directory, List<object> all, List<string> problems)
    {
        var path = NetworkFile.Locate(directory);
        var loaded = path is null ? null : NetworkFile.Load(path);
        if (loaded?.Network is not { } network)
        {
            problems.Add($"{directory}: no loadable network.json beside the manifests ({string.Join(" ", loaded?.Errors ?? [])}).");
            return;
        }

        foreach (var node in network.Nodes)
        {
            var service = all.OfType<V1Service>().FirstOrDefault(s => s.Metadata.Name == node.Host);
            var container = all.OfType<V1StatefulSet>().FirstOrDefault(s => s.Metadata.Name == node.Host)?.Spec.Template.Spec.Containers.FirstOrDefault();
            if (service is null || container is null)
            {
                problems.Add($"node {node.Name}: network.json puts it on host {node.Host}, which has no Service and StatefulSet.");
                continue;
            }

            foreach (var (what, port) in new[] { ("peer", node.Port), ("API", node.ControlUrl.Port) })
            {
                var onService = service.Spec.Ports?.Any(p => p.Port == port && p.TargetPort?.Value == port.ToString(CultureInfo.InvariantCulture)) ?? false;
                var onContainer = container.Ports?.Any(p => p.ContainerPort == port) ?? false;
                if (!onService || !onContainer)
                {
                    problems.Add(string.Create(CultureInfo.InvariantCulture, $"node {node.Name}: its {what} port {port} (network.json) is not on Service {node.Host} and its container."));
                }
            }

            if (node.ControlUrl.Host != node.Host)
            {
                problems.Add($"node {node.Name}: its control URL {node.ControlUrl} is not on its host {node.Host}.");
            }
        }
    }

    private static IEnumerable<(string Owner, V1PodSpec Pod, IDictionary<string, string> Labels)> Pods(List<object> all) =>
        all.OfType<V1StatefulSet>().Select(s => ($"StatefulSet {s.Metadata.Name}", s.Spec.Template.Spec, s.Spec.Template.Metadata.Labels))
            .Concat(all.OfType<V1Job>().Select(j => ($"Job {j.Metadata.Name}", j.Spec.Template.Spec, j.Spec.Template.Metadata.Labels)));
}
