using System.Globalization;
using k8s.Models;
using LnRelay.Node.Hosting;
using LnRelay.Orchestrator.Topology;

namespace LnRelay.Orchestrator.Kubernetes;

/// <summary>
/// The payment scenario, run once as a Job: it waits until the payer's and the payee's
/// control APIs answer, then <c>lnrelay pay</c> sends <see cref="Payments"/> payments between
/// them and prints each result (<c>kubectl logs job/scenario</c>). Only those two nodes' API
/// tokens are in its Secret. backoffLimit 0 and restartPolicy Never: a failed run is
/// reported, not repeated with new invoices.
/// </summary>
internal static class ScenarioObjects
{
    public const string Component = "scenario";
    public const int Payments = 100;
    public const ulong AmountMsat = 10_000;
    private const int Concurrency = 4;
    private const string NetPath = "/net";
    private const string TokensVolume = "tokens";
    private const string TokensPath = "/tokens";
    private const string WorkVolume = "work";

    public static IEnumerable<object> Build(ClusterNetwork network, IReadOnlyList<V1ConfigMap> networkParts, string payer, string payee)
    {
        var name = K8sNames.ScenarioName;
        var secretName = name + "-tokens";
        yield return PodParts.Secret(
            secretName,
            Component,
            name,
            new Dictionary<string, byte[]>(StringComparer.Ordinal)
            {
                [payer] = network.NodeSecrets[payer][DataFolder.TokenFileName],
                [payee] = network.NodeSecrets[payee][DataFolder.TokenFileName],
            });

        var urls = new[] { payer, payee }.Select(n => network.Network.Nodes.Single(d => d.Name == n).ControlUrl.TrimEnd('/') + "/v1/health").ToList();
        var script =
            "set -eu\n" +
            $"cat {PodParts.NetworkPath}/network.json.gz.* > {NetPath}/network.json.gz\n" +
            $"for n in {payer} {payee}; do mkdir -p {NetPath}/$n; cat {TokensPath}/$n > {NetPath}/$n/{DataFolder.TokenFileName}; chmod 600 {NetPath}/$n/{DataFolder.TokenFileName}; done\n" +
            $"until curl -fsS -o /dev/null {urls[0]} && curl -fsS -o /dev/null {urls[1]}; do echo waiting for {payer} and {payee}; sleep 2; done\n";
        var work = PodParts.Mount(WorkVolume, NetPath, readOnly: false);
        var prepare = PodParts.Container("wait", ["sh", "-c", script], [PodParts.Mount(TokensVolume, TokensPath), PodParts.Mount(PodParts.NetworkVolume, PodParts.NetworkPath), work]);
        var pay = PodParts.Container(
            "pay",
            [
                "lnrelay", "pay", "--dir", NetPath, "--from", payer, "--to", payee,
                "--amount-msat", AmountMsat.ToString(CultureInfo.InvariantCulture),
                "--count", Payments.ToString(CultureInfo.InvariantCulture),
                "--concurrency", Concurrency.ToString(CultureInfo.InvariantCulture),
                "--seed", "1",
            ],
            [work]);
        pay.Resources = PodParts.Resources("128Mi", "100m", "512Mi");
        var pod = PodParts.Spec(
            [prepare],
            [pay],
            [PodParts.SecretVolume(TokensVolume, secretName), GzipParts.Volume(PodParts.NetworkVolume, networkParts), new V1Volume { Name = WorkVolume, EmptyDir = new V1EmptyDirVolumeSource() }],
            restartPolicy: "Never");
        yield return new V1Job
        {
            ApiVersion = "batch/v1",
            Kind = "Job",
            Metadata = new V1ObjectMeta { Name = name, Labels = K8sNames.Labels(Component, name) },
            Spec = new V1JobSpec
            {
                BackoffLimit = 0,
                ActiveDeadlineSeconds = 3_600,
                Template = new V1PodTemplateSpec { Metadata = new V1ObjectMeta { Labels = K8sNames.Labels(Component, name) }, Spec = pod },
            },
        };
    }

    /// <summary>
    /// The payer and payee: as given; else alice and dave when the topology has them (the
    /// demo's four-hop payment); else the last node and the node farthest from it over open
    /// channels (the longest route the graph offers from there). Null with why when the given ones do not fit.
    /// </summary>
    public static (string Payer, string Payee)? Choose(NetworkTopology topology, string? payer, string? payee, out string? error)
    {
        error = null;
        if (payer is not null || payee is not null)
        {
            if (payer is null || payee is null || payer == payee || !topology.Nodes.Contains(payer) || !topology.Nodes.Contains(payee))
            {
                error = "--payer and --payee: give both, two different nodes of the topology.";
                return null;
            }

            return (payer, payee);
        }

        if (topology.Nodes.Contains("alice") && topology.Nodes.Contains("dave"))
        {
            return ("alice", "dave");
        }

        var from = topology.Nodes[^1];
        var neighbours = topology.Nodes.ToDictionary(n => n, _ => new List<string>(), StringComparer.Ordinal);
        foreach (var c in topology.Channels.Where(c => !c.Closed))
        {
            neighbours[c.Node1].Add(c.Node2);
            neighbours[c.Node2].Add(c.Node1);
        }

        var distance = new Dictionary<string, int>(StringComparer.Ordinal) { [from] = 0 };
        var queue = new Queue<string>([from]);
        var farthest = from;
        while (queue.TryDequeue(out var node))
        {
            foreach (var next in neighbours[node].Where(n => !distance.ContainsKey(n)))
            {
                distance[next] = distance[node] + 1;
                queue.Enqueue(next);
                if (distance[next] > distance[farthest])
                {
                    farthest = next;
                }
            }
        }

        if (farthest == from)
        {
            error = $"the scenario needs a payee reachable from {from} over open channels; give --payer and --payee.";
            return null;
        }

        return (from, farthest);
    }
}
