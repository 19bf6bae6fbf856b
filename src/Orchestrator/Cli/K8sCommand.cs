using System.CommandLine;
using System.Globalization;
using System.Net;
using LnRelay.Orchestrator.Hosting;
using LnRelay.Orchestrator.Kubernetes;
using LnRelay.Orchestrator.NetworkSetup;
using LnRelay.Orchestrator.Rendering;

namespace LnRelay.Orchestrator.Cli;

/// <summary>
/// <c>lnrelay k8s --topology FILE --out DIR [--namespace N] [--image IMAGE] [--layout per-node|shards] [--nodes-per-pod K] [--seed HEX] [--force]</c>:
/// a kustomization that runs a topology on a Kubernetes cluster (<see cref="K8sManifest"/>, docs/kubernetes.md);
/// <c>lnrelay k8s logs</c> gathers the nodes' logs back; <c>lnrelay k8s host</c> is a shard pod's process.
/// </summary>
internal static class K8sCommand
{
    private const string PerNodeName = "per-node";
    private const string ShardsName = "shards";

    public static Command Build()
    {
        var topology = SharedOptions.Topology();
        var output = new Option<string>("--out") { HelpName = "DIR", Description = "The folder to write the kustomization into (created; refused if it holds one, unless --force).", Required = true };
        var ns = new Option<string>("--namespace") { HelpName = "N", Description = "The namespace of every object.", DefaultValueFactory = _ => K8sOptions.DefaultNamespace };
        var image = new Option<string>("--image")
        {
            HelpName = "IMAGE",
            Description = "The lnrelay image (the repository's Dockerfile), as NAME[:TAG]; kustomization.yaml's images entry sets it, so 'kustomize edit set image' changes it later.",
            DefaultValueFactory = _ => K8sOptions.DefaultImage,
        };
        var layout = new Option<string>("--layout")
        {
            HelpName = "per-node|shards",
            Description = "per-node (default): a pod, Service and StatefulSet per node, named after it (up to about 1-2 thousand nodes). " +
                "shards: a pod per --nodes-per-pod nodes (shard-0, shard-1, ...), hosted in one process each (thousands of nodes).",
            DefaultValueFactory = _ => PerNodeName,
        };
        layout.AcceptOnlyFromAmong(PerNodeName, ShardsName);
        var perPod = new Option<int>("--nodes-per-pod")
        {
            HelpName = "K",
            Description = string.Create(CultureInfo.InvariantCulture, $"With --layout shards: nodes per pod, 1 to {K8sOptions.MaxNodesPerPod}."),
            DefaultValueFactory = _ => K8sOptions.DefaultNodesPerPod,
        };
        var seed = new Option<string?>("--seed") { HelpName = "HEX", Description = "The seed every key and the chain come from, as 'lnrelay init --seed' (default: random)." };
        var payer = new Option<string?>("--payer") { HelpName = "NODE", Description = "The scenario Job's payer (default: alice when the topology has alice and dave, else the last node)." };
        var payee = new Option<string?>("--payee") { HelpName = "NODE", Description = "The scenario Job's payee (default: dave, else the node farthest from the payer)." };
        var force = new Option<bool>("--force") { Description = "Replace a kustomization already in DIR (new keys: delete the old namespace before applying)." };
        var command = new Command(
            "k8s",
            "Write a kustomization that runs a topology on Kubernetes: per node a headless Service and a one-replica StatefulSet " +
            "(or shard pods of K nodes each), the regtest chain service, Secrets with the keys and tokens (in DIR/secrets/, git-ignored), " +
            "the network description as gzipped ConfigMaps, and a Job that sends payments. Keys are made here, as 'lnrelay init' makes them. " +
            "'lnrelay k8s logs' copies the nodes' logs back for 'lnrelay knowledge' (docs/kubernetes.md).\n" +
            "Example: lnrelay k8s --topology topologies/five-node.yaml --out k8s/five-node && kubectl apply -k k8s/five-node")
        {
            topology,
            output,
            ns,
            image,
            layout,
            perPod,
            seed,
            payer,
            payee,
            force,
        };
        command.Subcommands.Add(Logs());
        command.Subcommands.Add(Host());
        command.Subcommands.Add(Check());
        command.SetAction(parse => Run(
            parse.GetValue(topology),
            parse.GetValue(output)!,
            new K8sOptions(
                parse.GetValue(ns)!,
                parse.GetValue(image)!,
                parse.GetValue(layout) == ShardsName ? K8sLayout.Shards : K8sLayout.PerNode,
                parse.GetValue(perPod),
                parse.GetValue(payer),
                parse.GetValue(payee)),
            CliArgs.Seed(parse.GetValue(seed)),
            parse.GetValue(force),
            Console.Out,
            Console.Error));
        return command;
    }

    internal static int Run(string? topologyPath, string output, K8sOptions options, LnRelay.Chain.Keys.NetworkSeed? seed, bool force, TextWriter stdout, TextWriter stderr)
    {
        if (options.NodesPerPod is < 1 or > K8sOptions.MaxNodesPerPod)
        {
            throw new UsageException(string.Create(CultureInfo.InvariantCulture, $"--nodes-per-pod {options.NodesPerPod}: give 1 to {K8sOptions.MaxNodesPerPod}."));
        }

        if (string.IsNullOrWhiteSpace(options.Image) || options.Image.Any(char.IsWhiteSpace))
        {
            throw new UsageException("--image: an image name such as lnrelay:latest or registry.example/lnrelay:1.0.");
        }

        if (File.Exists(Path.Combine(output, K8sWriter.KustomizationFile)) && !force)
        {
            stderr.WriteLine($"lnrelay k8s: {output} already holds a kustomization; choose another --out folder, or --force to replace it (new keys: delete the old namespace first).");
            return ExitCodes.Refused;
        }

        var topology = NetworkInit.LoadTopology(topologyPath);
        var manifest = K8sManifest.Build(topology, options, seed, out var error);
        if (manifest is null)
        {
            stderr.WriteLine($"lnrelay k8s: {error}");
            return ExitCodes.Refused;
        }

        try
        {
            K8sWriter.Write(manifest, options, output);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"lnrelay k8s: cannot write {output}: {e.Message}");
            return ExitCodes.Refused;
        }

        var pods = manifest.Units.Count + 1;
        stdout.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"Wrote {output}: network '{manifest.Network.Network}', {manifest.Network.Nodes.Count} nodes in {manifest.Units.Count} {(options.Layout == K8sLayout.Shards ? "shard pods" : "pods")}, the chain, " +
            $"and a scenario Job paying {ScenarioObjects.Payments} times from {manifest.Payer} to {manifest.Payee}; {pods + 1} pods in namespace {options.Namespace}."));
        stdout.WriteLine($"Secrets (keys, tokens, the chain's seed) are in {Path.Combine(output, K8sManifest.SecretsFolder)}/, git-ignored: never commit them.");
        stdout.WriteLine($"Apply: kubectl apply --server-side -k {output}    Results: kubectl -n {options.Namespace} logs -f job/{K8sNames.ScenarioName}    Logs: lnrelay k8s logs --dir {output} --namespace {options.Namespace}");
        return ExitCodes.Success;
    }

    private static Command Logs()
    {
        var dir = new Option<string>("--dir") { HelpName = "DIR", Description = "The folder 'lnrelay k8s' wrote (its network.json says which pod runs which node).", Required = true };
        var ns = new Option<string>("--namespace") { HelpName = "N", Description = "The namespace the network runs in.", DefaultValueFactory = _ => K8sOptions.DefaultNamespace };
        var kubectl = new Option<string>("--kubectl") { HelpName = "PATH", Description = "The kubectl to run (its current context is the cluster).", DefaultValueFactory = _ => "kubectl" };
        var parallel = new Option<int>("--parallel") { HelpName = "N", Description = "Copies at once (1 to 64).", DefaultValueFactory = _ => 8 };
        var command = new Command(
            "logs",
            "Copy every node's JSON-lines log out of the cluster (kubectl cp) into DIR/NAME/logs/NAME.jsonl, where 'lnrelay knowledge --dir DIR' reads them.\n" +
            "Example: lnrelay k8s logs --dir k8s/five-node --namespace lnrelay && lnrelay knowledge --dir k8s/five-node")
        {
            dir,
            ns,
            kubectl,
            parallel,
        };
        command.SetAction((parse, ct) => LogsAsync(parse.GetValue(dir)!, parse.GetValue(ns)!, parse.GetValue(kubectl)!, parse.GetValue(parallel), Console.Out, Console.Error, ct));
        return command;
    }

    internal static async Task<int> LogsAsync(string dir, string ns, string kubectl, int parallel, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        if (parallel is < 1 or > 64)
        {
            throw new UsageException("--parallel: 1 to 64 copies at once.");
        }

        var folder = NetworkFolder.Load(dir, out var errors) ?? throw new UsageException($"--dir: {string.Join(" ", errors)} (the folder 'lnrelay k8s' wrote holds network.json).");
        var copies = LogGathering.Plan(folder.Network, dir, ns);
        var progress = new ProgressLine(stderr, "logs");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var failed = await LogGathering.RunAsync(copies, kubectl, parallel, done => progress.Update(done, copies.Count, clock.Elapsed), ct);
        foreach (var failure in failed)
        {
            await stderr.WriteLineAsync($"lnrelay k8s logs: {failure}");
        }

        await stdout.WriteLineAsync($"Gathered {copies.Count - failed.Count} of {copies.Count} nodes' logs into {dir}/NAME/logs/." +
            (failed.Count < copies.Count ? $" Next: lnrelay knowledge --dir {dir}" : " Is kubectl's current context the cluster, and the namespace right (--namespace)?"));
        return failed.Count == 0 ? ExitCodes.Success : ExitCodes.Refused;
    }

    private static Command Check()
    {
        var dir = new Option<string>("--dir") { HelpName = "DIR", Description = "The folder 'lnrelay k8s' wrote.", Required = true };
        var command = new Command(
            "check",
            "Check a generated kustomization without a cluster: every file loads strictly through KubernetesClient and serialises back the same, " +
            "ConfigMaps and Secrets hold at most 1 MiB and objects stay under 1.5 MiB, every Service selects exactly its own pod, and every node's " +
            "ports and host agree with network.json. script/check-k8s adds Debian's python3-kubernetes models and 'kubectl kustomize'.\n" +
            "Example: lnrelay k8s check --dir k8s/five-node")
        {
            dir,
        };
        command.SetAction(parse => CheckRun(parse.GetValue(dir)!, Console.Out, Console.Error));
        return command;
    }

    internal static int CheckRun(string dir, TextWriter stdout, TextWriter stderr)
    {
        if (!Directory.Exists(dir))
        {
            throw new UsageException($"--dir: folder '{dir}' does not exist; write it with 'lnrelay k8s --out {dir}'.");
        }

        var report = K8sCheck.Run(dir);
        foreach (var problem in report.Problems)
        {
            stderr.WriteLine($"lnrelay k8s check: {problem}");
        }

        stdout.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{(report.Problems.Count == 0 ? "OK" : "FAILED")}: {report.Objects} objects in {dir}; largest object {report.LargestObjectBytes:N0} bytes (limit {K8sCheck.MaxObjectBytes:N0}), " +
            $"largest ConfigMap or Secret data {report.LargestDataBytes:N0} bytes (limit {K8sCheck.MaxDataBytes:N0}); {report.Problems.Count} problems."));
        return report.Problems.Count == 0 ? ExitCodes.Success : ExitCodes.Refused;
    }

    private static Command Host()
    {
        var dir = new Option<string>("--dir") { HelpName = "DIR", Description = "The folder holding one data folder per node (the shard pod's /data).", Required = true };
        var bind = new Option<string>("--bind") { HelpName = "ADDR", Description = "The address every node's listeners bind (0.0.0.0 in a pod).", DefaultValueFactory = _ => "127.0.0.1" };
        var command = new Command(
            "host",
            "Run every node whose data folder is in DIR in this one process until stopped: the process of a shard pod (--layout shards).\n" +
            "Example: lnrelay k8s host --dir /data --bind 0.0.0.0")
        {
            dir,
            bind,
        };
        command.SetAction(async (parse, ct) =>
        {
            if (!IPAddress.TryParse(parse.GetValue(bind), out var address))
            {
                throw new UsageException($"--bind: '{parse.GetValue(bind)}' is not an IP address (e.g. 0.0.0.0 in a pod).");
            }

            using var stop = StopSignal.Create(ct);
            return await ShardHost.RunAsync(parse.GetValue(dir)!, address, Console.Out, Console.Error, stop.Token);
        });
        return command;
    }
}
