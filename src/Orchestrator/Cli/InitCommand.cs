using System.CommandLine;
using LnRelay.Orchestrator.Launch;
using LnRelay.Orchestrator.Topology;

namespace LnRelay.Orchestrator.Cli;

/// <summary>
/// <c>lnrelay init --topology FILE --out DIR [--force | --keep-existing] [--base-port N] [--hosts local|container]</c>:
/// keys, tokens and network.json for every node of a topology (see <see cref="NetworkInitializer"/>).
/// </summary>
internal static class InitCommand
{
    public static Command Build()
    {
        var topology = TopologyOption();
        var output = new Option<string>("--out")
        {
            Description = "The network folder to create: DIR/network.json and one data folder DIR/NAME per node.",
            Required = true,
        };
        var force = new Option<bool>("--force") { Description = "Replace keys already in DIR (the old node ids are lost)." };
        var keep = new Option<bool>("--keep-existing")
        {
            Description = "When DIR already holds this topology's network (same nodes, same --hosts), keep it and exit 0 " +
                "instead of refusing: for docker compose, whose init service runs on every 'up'.",
        };
        var basePort = BasePortOption();
        var hosts = new Option<HostStyle>("--hosts")
        {
            Description = "local (default): every node on 127.0.0.1 with its own ports. container: host = node name, " +
                "every node peers on 9735 and serves its API on 8080 (for one container per node).",
            DefaultValueFactory = _ => HostStyle.Local,
        };
        var command = new Command(
            "init",
            "Generate every node's secret key and API token and write the network folder the nodes read: " +
            "DIR/NAME/{node.key, api.token, network.json, logs/} for each node and DIR/network.json. " +
            "Ports are chosen free at init time unless --base-port is given (docs/topology.md).\n" +
            "Example: lnrelay init --topology topologies/five-node.yaml --out ./net")
        {
            topology,
            output,
            force,
            keep,
            basePort,
            hosts,
        };
        command.Validators.Add(result =>
        {
            if (result.GetValue(force) && result.GetValue(keep))
            {
                result.AddError("--force replaces the keys in DIR, --keep-existing keeps them: give one or the other.");
            }
        });
        command.SetAction(parse => Run(parse.GetValue(topology), parse.GetValue(output)!, parse.GetValue(force), parse.GetValue(keep), parse.GetValue(basePort), parse.GetValue(hosts), Console.Out, Console.Error));
        return command;
    }

    internal static Option<string?> TopologyOption() => new("--topology")
    {
        Description = "The topology file (YAML, docs/topology.md). Default: the built-in topologies/five-node.yaml.",
    };

    internal static Option<int?> BasePortOption() => new("--base-port")
    {
        Description = "Use consecutive ports from N (node i: N+2i for peers, N+2i+1 for its API) instead of free ones chosen at init.",
    };

    internal static int Run(string? topologyPath, string output, bool force, bool keep, int? basePort, HostStyle hosts, TextWriter stdout, TextWriter stderr)
    {
        if (string.IsNullOrWhiteSpace(output))
        {
            throw new UsageException("--out: a folder name is required.");
        }

        if (keep && NetworkFolder.IsInitialised(output))
        {
            return Keep(LoadTopology(topologyPath), output, hosts, stdout, stderr);
        }

        var network = InitTopology(topologyPath, output, force, hosts, basePort, stderr);
        if (network is null)
        {
            return ExitCodes.Refused;
        }

        stdout.WriteLine($"Initialised network '{network.Network}' in {Path.GetFullPath(output)}: {network.Nodes.Count} nodes, {network.Channels.Count} channels.");
        NetworkTables.WriteNodes(stdout, network.Nodes.Select(n => new NodeRow(n.Name, n.NodeId, $"{n.Host}:{n.Port}", n.ControlUrl)));
        stdout.WriteLine(hosts == HostStyle.Local ? $"Start it with: lnrelay up --dir {output}" : "Start its nodes one per container, e.g. with 'docker compose up' (docs/docker.md).");
        return ExitCodes.Success;
    }

    /// <summary>
    /// Loads the topology and initialises. A topology with problems is a <see cref="UsageException"/>
    /// (every problem with its line); a refusal (keys already there) is written to <paramref name="error"/> and gives null.
    /// </summary>
    internal static Node.Network.NetworkFileDto? InitTopology(string? topologyPath, string output, bool force, HostStyle hosts, int? basePort, TextWriter error)
    {
        var result = NetworkInitializer.Initialize(LoadTopology(topologyPath), output, force, hosts, basePort);
        if (!result.Succeeded)
        {
            error.WriteLine($"lnrelay: {result.Error}");
            return null;
        }

        return result.Network;
    }

    /// <summary>The topology file, or the built-in one; one that does not validate is a <see cref="UsageException"/> with every problem and its line.</summary>
    internal static NetworkTopology LoadTopology(string? topologyPath)
    {
        if (topologyPath is not null && !File.Exists(topologyPath))
        {
            throw new UsageException($"--topology: file '{topologyPath}' does not exist.");
        }

        var loaded = DefaultTopology.Load(topologyPath);
        return loaded.Succeeded
            ? loaded.Topology!
            : throw new UsageException(string.Join(Environment.NewLine + "lnrelay: ", loaded.Errors));
    }

    /// <summary>--keep-existing on a folder that holds a network: keep it when it is this topology's, for these hosts, with every key; else refuse and say why.</summary>
    private static int Keep(NetworkTopology topology, string output, HostStyle hosts, TextWriter stdout, TextWriter stderr)
    {
        var folder = NetworkFolder.Load(output, out var errors);
        var problem = folder is null ? $"its network.json does not load ({string.Join(" ", errors)})" : KeepProblem(folder, topology, hosts);
        if (problem is not null)
        {
            stderr.WriteLine($"lnrelay: --keep-existing: {output} cannot be kept: {problem}. Use --force to replace it (new keys), or another --out folder.");
            return ExitCodes.Refused;
        }

        var network = folder!.Network;
        stdout.WriteLine($"Kept network '{network.Network}' in {Path.GetFullPath(output)}: {network.Nodes.Count} nodes, {network.Channels.Count} channels, keys unchanged.");
        NetworkTables.WriteNodes(stdout, network);
        return ExitCodes.Success;
    }

    /// <summary>Why the folder's network is not the one init would write now, or null when it is.</summary>
    private static string? KeepProblem(NetworkFolder folder, NetworkTopology topology, HostStyle hosts)
    {
        var network = folder.Network;
        var names = network.Nodes.Select(n => n.Name).ToList();
        if (network.Network != topology.Network || !names.SequenceEqual(topology.Nodes) || network.Channels.Count != topology.Channels.Count)
        {
            return $"it holds network '{network.Network}' ({string.Join(", ", names)}; {network.Channels.Count} channels), " +
                $"not this topology's '{topology.Network}' ({string.Join(", ", topology.Nodes)}; {topology.Channels.Count} channels)";
        }

        if (folder.IsLocal != (hosts == HostStyle.Local))
        {
            return $"it was initialised for {(folder.IsLocal ? "local" : "container")} hosts, not --hosts {hosts.ToString().ToLowerInvariant()}";
        }

        var keyless = names.FirstOrDefault(n => !File.Exists(Path.Combine(folder.NodeDirectory(n), Node.Hosting.DataFolder.KeyFileName)));
        return keyless is null ? null : $"{keyless} has no {Node.Hosting.DataFolder.KeyFileName}";
    }
}
