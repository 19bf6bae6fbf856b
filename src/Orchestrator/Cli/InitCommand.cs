using System.CommandLine;
using LnRelay.Orchestrator.Launch;
using LnRelay.Orchestrator.Topology;

namespace LnRelay.Orchestrator.Cli;

/// <summary>
/// <c>lnrelay init --topology FILE --out DIR [--force] [--base-port N] [--hosts local|container]</c>:
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
            basePort,
            hosts,
        };
        command.SetAction(parse => Run(parse.GetValue(topology), parse.GetValue(output)!, parse.GetValue(force), parse.GetValue(basePort), parse.GetValue(hosts)));
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

    private static int Run(string? topologyPath, string output, bool force, int? basePort, HostStyle hosts)
    {
        if (string.IsNullOrWhiteSpace(output))
        {
            throw new UsageException("--out: a folder name is required.");
        }

        var network = InitTopology(topologyPath, output, force, hosts, basePort, Console.Error);
        if (network is null)
        {
            return ExitCodes.Refused;
        }

        Console.Out.WriteLine($"Initialised network '{network.Network}' in {Path.GetFullPath(output)}: {network.Nodes.Count} nodes, {network.Channels.Count} channels.");
        NetworkTables.WriteNodes(Console.Out, network.Nodes.Select(n => new NodeRow(n.Name, n.NodeId, $"{n.Host}:{n.Port}", n.ControlUrl)));
        Console.Out.WriteLine($"Start it with: lnrelay up --dir {output}");
        return ExitCodes.Success;
    }

    /// <summary>
    /// Loads the topology and initialises. A topology with problems is a <see cref="UsageException"/>
    /// (every problem with its line); a refusal (keys already there) is written to <paramref name="error"/> and gives null.
    /// </summary>
    internal static Node.Network.NetworkFileDto? InitTopology(string? topologyPath, string output, bool force, HostStyle hosts, int? basePort, TextWriter error)
    {
        if (topologyPath is not null && !File.Exists(topologyPath))
        {
            throw new UsageException($"--topology: file '{topologyPath}' does not exist.");
        }

        var loaded = DefaultTopology.Load(topologyPath);
        if (!loaded.Succeeded)
        {
            // A topology that does not validate is bad input: exit 2 with every problem, each with its line.
            throw new UsageException(string.Join(Environment.NewLine + "lnrelay: ", loaded.Errors));
        }

        var result = NetworkInitializer.Initialize(loaded.Topology!, output, force, hosts, basePort);
        if (!result.Succeeded)
        {
            error.WriteLine($"lnrelay: {result.Error}");
            return null;
        }

        return result.Network;
    }
}
