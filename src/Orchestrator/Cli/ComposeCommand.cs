using System.CommandLine;
using LnRelay.Orchestrator.Compose;
using LnRelay.Orchestrator.NetworkSetup;
using LnRelay.Orchestrator.Scenario;
using LnRelay.Orchestrator.Topology;

namespace LnRelay.Orchestrator.Cli;

/// <summary>
/// <c>lnrelay compose [--topology FILE] [--out FILE]</c>: the docker-compose.yml that runs a
/// topology one container per node (see <see cref="ComposeFileBuilder"/>, docs/docker.md).
/// The repository's docker-compose.yml is this verb's output for topologies/five-node.yaml.
/// </summary>
internal static class ComposeCommand
{
    public static Command Build()
    {
        var topology = new Option<string?>("--topology")
        {
            HelpName = "FILE",
            Description = $"The topology file, in the repository's {ComposeLayout.TopologiesFolder}/ folder (the image holds a copy of that folder). " +
                $"Default: the built-in {ComposeLayout.TopologiesFolder}/{DefaultTopology.Name}.",
        };
        var output = new Option<string?>("--out")
        {
            HelpName = "FILE",
            Description = "Write the compose file here instead of to standard output.",
        };
        var command = new Command(
            "compose",
            "Write the docker-compose.yml that runs a topology in containers: an init service (lnrelay init --hosts container " +
            "into a volume), one lnrelay-node service per node, each reading only its own data folder and healthy when its " +
            "control API answers, and an orchestrator that runs the demo's scenario once every node is healthy. Nodes, ports and " +
            "channels come from the topology, so regenerate the file whenever the topology changes (docs/docker.md).\n" +
            $"Example: lnrelay compose --topology {ComposeLayout.TopologiesFolder}/{DefaultTopology.Name} --out docker-compose.yml")
        {
            topology,
            output,
        };
        command.SetAction(parse => Run(parse.GetValue(topology), parse.GetValue(output), Console.Out, Console.Error));
        return command;
    }

    internal static int Run(string? topologyPath, string? outputPath, TextWriter output, TextWriter error)
    {
        var fileName = topologyPath is null ? DefaultTopology.Name : InTopologiesFolder(topologyPath);
        var topology = NetworkInit.LoadTopology(topologyPath);
        var result = ComposeFileBuilder.Build(topology, fileName);
        if (result.Project is null)
        {
            error.WriteLine($"lnrelay compose: {result.Error}");
            return ExitCodes.Refused;
        }

        if (DemoScenario.Missing(topology.Nodes, (a, b) => topology.Channels.Any(c => (c.Node1, c.Node2) == (a, b) || (c.Node1, c.Node2) == (b, a))) is { } missing)
        {
            error.WriteLine($"lnrelay compose: note: the orchestrator service runs the demo's scenario, which needs {missing}; with this topology it will refuse. " +
                "Send payments with 'docker compose run --rm orchestrator lnrelay pay ...' instead.");
        }

        var yaml = ComposeYamlWriter.Write(result.Project);
        if (outputPath is null)
        {
            output.Write(yaml);
            return ExitCodes.Success;
        }

        try
        {
            File.WriteAllText(outputPath, yaml);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"lnrelay compose: cannot write {outputPath}: {e.Message}");
            return ExitCodes.Refused;
        }

        error.WriteLine($"Wrote {outputPath}: {result.Project.Services.Count} services ({string.Join(", ", result.Project.Services.Select(s => s.Name))}). Start it with: docker compose up");
        return ExitCodes.Success;
    }

    /// <summary>The file's name, when it is in a topologies/ folder (the one the Dockerfile copies); else a usage error.</summary>
    private static string InTopologiesFolder(string path)
    {
        var full = Path.GetFullPath(path);
        return Path.GetFileName(Path.GetDirectoryName(full)) == ComposeLayout.TopologiesFolder
            ? Path.GetFileName(full)
            : throw new UsageException($"--topology: the image holds the repository's {ComposeLayout.TopologiesFolder}/ folder, and init reads the topology from there; " +
                $"put '{path}' in {ComposeLayout.TopologiesFolder}/ and pass {ComposeLayout.TopologiesFolder}/{Path.GetFileName(full)}.");
    }
}
