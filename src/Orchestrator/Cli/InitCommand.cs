using System.CommandLine;
using LnRelay.Chain.Keys;
using LnRelay.Orchestrator.Hosting;
using LnRelay.Orchestrator.NetworkSetup;
using LnRelay.Orchestrator.OnChain;
using LnRelay.Orchestrator.Rendering;
using LnRelay.Orchestrator.Topology;

namespace LnRelay.Orchestrator.Cli;

/// <summary>
/// <c>lnrelay init --topology FILE --out DIR [--seed HEX] [--force | --keep-existing] [--base-port N] [--hosts local|container] [--gzip]</c>:
/// keys from one seed, the regtest chain that funds the channels, tokens for every node of a topology and one network.json for all (see <see cref="NetworkInitializer"/>).
/// </summary>
internal static class InitCommand
{
    /// <summary>Nodes listed after an init; a bigger network's are all in its network file.</summary>
    private const int MaxNodeRows = 50;

    public static Command Build()
    {
        var topology = SharedOptions.Topology();
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
        var basePort = SharedOptions.BasePort();
        var hosts = new Option<HostStyle>("--hosts")
        {
            Description = "local (default): every node on 127.0.0.1 with its own ports. container: host = node name, " +
                "every node peers on 9735 and serves its API on 8080 (for one container per node).",
            DefaultValueFactory = _ => HostStyle.Local,
        };
        var seed = new Option<string?>("--seed")
        {
            Description = "The BIP32 seed every key comes from, 16 to 64 bytes in hex (e.g. from 'openssl rand -hex 32'). " +
                "The same seed, topology and --base-port give the same keys, chain, scids and network.json, byte for byte. " +
                "Default: a random seed. Either way it is kept in DIR/seed.hex, readable by you only (docs/chain.md).",
        };
        var gzip = new Option<bool>("--gzip")
        {
            Description = "Write the network description gzipped, DIR/network.json.gz (about a fifteenth of the size; " +
                "every lnrelay verb and lnrelay-node read either form).",
        };
        var command = new Command(
            "init",
            "Derive every node's key from one seed, build the regtest chain that funds every channel (a BOLT 3 2-of-2 " +
            "output per channel; its scid is where the output landed), and write the network folder the nodes read: " +
            "one public description for the whole network, DIR/network.json, with DIR/{seed.hex, chain.blocks, chain-rpc.credentials}, " +
            "and for each node only its own secrets, DIR/NAME/{node.key, api.token, chain-rpc.credentials, funding.keys, logs/} " +
            "(docs/network-file.md). Each step's time and memory are reported on stderr. " +
            "Ports are chosen free at init time unless --base-port is given (docs/topology.md).\n" +
            "Example: lnrelay init --topology topologies/five-node.yaml --out ./net --seed $(openssl rand -hex 32)")
        {
            topology,
            output,
            seed,
            force,
            keep,
            basePort,
            hosts,
            gzip,
        };
        command.Validators.Add(result =>
        {
            if (result.GetValue(force) && result.GetValue(keep))
            {
                result.AddError("--force replaces the keys in DIR, --keep-existing keeps them: give one or the other.");
            }
        });
        command.SetAction(parse => Run(parse.GetValue(topology), parse.GetValue(output)!, parse.GetValue(force), parse.GetValue(keep), parse.GetValue(basePort), parse.GetValue(hosts), Console.Out, Console.Error, CliArgs.Seed(parse.GetValue(seed)), parse.GetValue(gzip)));
        return command;
    }

    internal static int Run(string? topologyPath, string output, bool force, bool keep, int? basePort, HostStyle hosts, TextWriter stdout, TextWriter stderr, NetworkSeed? seed = null, bool gzip = false)
    {
        if (string.IsNullOrWhiteSpace(output))
        {
            throw new UsageException("--out: a folder name is required.");
        }

        if (keep && NetworkFolder.IsInitialised(output))
        {
            return Keep(NetworkInit.LoadTopology(topologyPath), output, hosts, stdout, stderr);
        }

        var result = NetworkInit.Initialize(topologyPath, output, force, hosts, basePort, stderr, seed, gzip, new StepTimer(stderr));
        if (result is null)
        {
            return ExitCodes.Refused;
        }

        var network = result.Network!;
        var chain = result.Chain!.Chain;
        var transactions = Enumerable.Range(0, chain.Height + 1).Sum(h => chain.BlockAt(h)!.Transactions.Count);
        stdout.WriteLine($"Initialised network '{network.Network}' in {Path.GetFullPath(output)}: {network.Nodes.Count} nodes, {network.Channels.Count} channels.");
        stdout.WriteLine($"Regtest chain: {chain.Height + 1} blocks (tip {chain.Height}, {chain.Tip.GetHash()}), {transactions} transactions; RPC at {network.Chain!.RpcUrl}; seed in {NetworkChainFiles.SeedFile(output)}.");
        stdout.WriteLine($"Network description: {result.NetworkPath} (one file for every node; docs/network-file.md).");
        NetworkTables.WriteNodes(stdout, network.Nodes.Take(MaxNodeRows).Select(n => new NodeRow(n.Name, n.NodeId, $"{n.Host}:{n.Port}", n.ControlUrl)));
        if (network.Nodes.Count > MaxNodeRows)
        {
            stdout.WriteLine($"… and {network.Nodes.Count - MaxNodeRows} more nodes (every one is in {result.NetworkPath}).");
        }

        stdout.WriteLine(hosts == HostStyle.Local ? $"Start it with: lnrelay up --dir {output}" : "Start its nodes one per container, e.g. with 'docker compose up' (docs/docker.md).");
        return ExitCodes.Success;
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

        if (network.ChainSource is null || !File.Exists(NetworkChainFiles.ChainFilePath(folder.Directory)))
        {
            return $"it has no regtest chain ({LnRelay.Chain.Blocks.ChainFile.FileName}); it was written by an older 'lnrelay init'";
        }

        var keyless = names.FirstOrDefault(n => !File.Exists(Path.Combine(folder.NodeDirectory(n), Node.Hosting.DataFolder.KeyFileName)));
        return keyless is null ? null : $"{keyless} has no {Node.Hosting.DataFolder.KeyFileName}";
    }
}
