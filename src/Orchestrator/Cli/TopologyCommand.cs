using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using LnRelay.Orchestrator.Topology.Generation;

namespace LnRelay.Orchestrator.Cli;

/// <summary>
/// <c>lnrelay topology generate --nodes N [--model scale-free|random] [--seed S] [--mean-degree D] [--network NAME] [--out FILE] [--json]</c>:
/// a topology file for a network of N nodes (see <see cref="TopologyGenerator"/>, docs/topology.md "Generated topologies").
/// </summary>
internal static class TopologyCommand
{
    public static Command Build()
    {
        var command = new Command("topology", "Topology files (docs/topology.md): generate one for a large network.");
        command.Subcommands.Add(Generate());
        return command;
    }

    private static Command Generate()
    {
        var nodes = new Option<int>("--nodes")
        {
            HelpName = "N",
            Description = string.Create(CultureInfo.InvariantCulture, $"How many nodes ({TopologyGenerator.MinNodes} to {TopologyGenerator.MaxNodes}), named n1… or n0001… (zero-padded to the same width)."),
            Required = true,
        };
        var model = new Option<string>("--model")
        {
            HelpName = "scale-free|random",
            Description = "scale-free (default): shaped like the public Lightning graph, a few large hubs and many nodes with one or two channels. " +
                "random: a uniformly random connected graph, every node about the same number of channels.",
            DefaultValueFactory = _ => TopologyModel.ScaleFree.Name(),
        };
        model.AcceptOnlyFromAmong(TopologyModel.ScaleFree.Name(), TopologyModel.Random.Name());
        var seed = new Option<ulong>("--seed")
        {
            HelpName = "S",
            Description = "Any whole number from 0 to 2^64-1. The same seed and options give the same file, byte for byte.",
            DefaultValueFactory = _ => 1,
        };
        var meanDegree = new Option<double?>("--mean-degree")
        {
            HelpName = "D",
            Description = string.Create(CultureInfo.InvariantCulture, $"Channels per node on average (channels = N × D / 2). Default: scale-free, what its degree weights give (it grows with N: 4.4 at 1,000 nodes, 5.9 at 10,000); random, {TopologyGenerator.RandomMeanDegree}."),
        };
        var network = new Option<string?>("--network")
        {
            HelpName = "NAME",
            Description = "The network's name (the transport's prologue). Default: MODEL-N, e.g. scale-free-1000.",
        };
        var output = new Option<string?>("--out")
        {
            HelpName = "FILE",
            Description = "Write the topology here (replacing the file) instead of to standard output.",
        };
        var json = new Option<bool>("--json") { Description = "With --out: the graph's shape as one JSON object on stdout instead of the sentence on stderr." };
        var command = new Command(
            "generate",
            "Write a topology file (the same format as topologies/five-node.yaml) for a network of N nodes: a connected channel graph from the " +
            "model, channel capacities log-normal around the public network's mean, and each node's relay policy from an implementation's " +
            "defaults, or its own for the few hubs. init, up, compose and k8s take it like any topology (docs/topology.md \"Generated topologies\").\n" +
            "Example: lnrelay topology generate --nodes 1000 --model scale-free --seed 7 --out topologies/scale-free-1000.yaml")
        {
            nodes,
            model,
            seed,
            meanDegree,
            network,
            output,
            json,
        };
        command.Validators.Add(result =>
        {
            if (result.GetValue(json) && result.GetValue(output) is null)
            {
                result.AddError("--json describes the file written with --out; without --out the topology itself goes to stdout. Add --out FILE.");
            }
        });
        command.SetAction(parse => Run(
            new GeneratorOptions(parse.GetValue(nodes), TopologyModelNames.Parse(parse.GetValue(model)!)!.Value, parse.GetValue(seed), parse.GetValue(meanDegree), parse.GetValue(network)),
            parse.GetValue(output),
            parse.GetValue(json),
            Console.Out,
            Console.Error));
        return command;
    }

    internal static int Run(GeneratorOptions options, string? outputPath, bool json, TextWriter stdout, TextWriter stderr)
    {
        if (TopologyGenerator.Problem(options) is { } problem)
        {
            throw new UsageException(problem);
        }

        var topology = TopologyGenerator.Generate(options);
        var shape = TopologyShape.Measure(topology);
        var yaml = TopologyYamlWriter.Write(topology, TopologyGenerator.DefaultPolicy, Header(options, shape));
        if (outputPath is null)
        {
            stdout.Write(yaml);
            return ExitCodes.Success;
        }

        try
        {
            File.WriteAllText(outputPath, yaml);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"lnrelay topology generate: cannot write {outputPath}: {e.Message} Choose a writable path for --out.");
            return ExitCodes.Refused;
        }

        if (json)
        {
            stdout.WriteLine(Json(outputPath, topology.Network, shape).ToJsonString());
        }
        else
        {
            stderr.WriteLine($"Wrote {outputPath}: network '{topology.Network}', {Describe(shape)}.");
            stderr.WriteLine($"Initialise it with: lnrelay init --topology {outputPath} --out ./net");
        }

        return ExitCodes.Success;
    }

    /// <summary>The file's opening comment: how to make it again, and its shape.</summary>
    private static IEnumerable<string> Header(GeneratorOptions o, TopologyShape shape)
    {
        var command = string.Create(CultureInfo.InvariantCulture, $"lnrelay topology generate --nodes {o.Nodes} --model {o.Model.Name()} --seed {o.Seed}")
            + (o.MeanDegree is { } d ? string.Create(CultureInfo.InvariantCulture, $" --mean-degree {d}") : "")
            + (o.Network is { } n ? $" --network {n}" : "");
        return
        [
            $"Generated by: {command}",
            "How it is made and where its shapes come from: docs/topology.md \"Generated topologies\".",
            Describe(shape) + ".",
        ];
    }

    private static string Describe(TopologyShape s) => string.Create(
        CultureInfo.InvariantCulture,
        $"{s.Nodes} nodes, {s.Channels} channels; channels per node: mean {s.MeanDegree:0.0}, median {s.MedianDegree}, max {s.MaxDegree}, " +
        $"{s.OneChannelShare:0%} of nodes with one; the top 1% of nodes hold {s.TopPercentEndsShare:0%} of channel ends; " +
        $"capacity median {s.MedianCapacitySat:N0} sat, total {s.TotalCapacitySat / 100_000_000.0:0.##} BTC");

    private static JsonObject Json(string path, string network, TopologyShape s) => new()
    {
        ["file"] = path,
        ["network"] = network,
        ["nodes"] = s.Nodes,
        ["channels"] = s.Channels,
        ["mean_degree"] = Math.Round(s.MeanDegree, 3),
        ["median_degree"] = s.MedianDegree,
        ["max_degree"] = s.MaxDegree,
        ["one_channel_share"] = Math.Round(s.OneChannelShare, 4),
        ["top_percent_ends_share"] = Math.Round(s.TopPercentEndsShare, 4),
        ["median_capacity_sat"] = s.MedianCapacitySat,
        ["total_capacity_sat"] = s.TotalCapacitySat,
        ["connected"] = s.Connected,
    };
}
