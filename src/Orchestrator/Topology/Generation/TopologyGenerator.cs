using System.Globalization;
using LnRelay.Node.Network;

namespace LnRelay.Orchestrator.Topology.Generation;

/// <summary>
/// <c>lnrelay topology generate</c>'s core (docs/topology.md "Generated topologies"): a
/// connected graph from the model, a capacity per channel and a relay policy per node, all
/// from one seed, so the same options give the same topology byte for byte.
/// </summary>
internal static class TopologyGenerator
{
    public const int MinNodes = 2;

    /// <summary>Several times the public network's ~15,000 nodes; names stay short and init's chain within regtest's rewards.</summary>
    public const int MaxNodes = 100_000;

    /// <summary>
    /// The exponent of the scale-free model's degree weights, P(w) ∝ w^-γ: chosen so that a 15,000-node graph
    /// gets about the public network's 50,000 channels (46,519 with seed 1) and hubs of a thousand channels or more.
    /// </summary>
    public const double DegreeExponent = 2.1;

    /// <summary>No node's weight above this share of the nodes: the public graph's largest nodes have channels with about a sixth of all nodes.</summary>
    public const double MaxWeightShareOfNodes = 0.15;

    /// <summary>The top share of nodes by degree that set their own fees (the routing hubs); at least one node.</summary>
    public const double HubShare = 0.01;

    public const double RandomMeanDegree = 4;

    /// <summary>The starting height for the topology's chain-less networks (tests); init builds its own chain.</summary>
    private const uint BlockHeight = 800_000;

    /// <summary>A block a minute, as the five-node topology (docs/topology.md says why the chain should move).</summary>
    public const uint BlockIntervalSeconds = 60;

    /// <summary>The network-wide default policy: the most common one, lnd's, so most channels need no policy of their own.</summary>
    public static PolicyDto DefaultPolicy => FeeProfiles.Lnd;

    /// <summary>Why the options cannot be generated, with the fix; null when they can.</summary>
    public static string? Problem(GeneratorOptions options) =>
        options.Nodes is < MinNodes or > MaxNodes
            ? string.Create(CultureInfo.InvariantCulture, $"--nodes {options.Nodes}: give {MinNodes} to {MaxNodes} nodes.")
        : options.MeanDegree is { } d && (double.IsNaN(d) || d < 1 || d > options.Nodes - 1)
            ? string.Create(CultureInfo.InvariantCulture, $"--mean-degree {d}: give a mean number of channels per node from 1 to {options.Nodes - 1} (nodes - 1).")
        : options.Network is { } name && !NetworkValidator.IsValidName(name)
            ? $"--network '{name}': give a name of 1-32 characters of a-z, 0-9, '-' or '_', starting with a letter."
        : null;

    public static NetworkTopology Generate(GeneratorOptions options)
    {
        if (Problem(options) is { } problem)
        {
            throw new ArgumentException(problem, nameof(options));
        }

        // One stream per concern, so a change to how capacities are drawn leaves the graph as it was.
        var root = new SeededRandom(options.Seed);
        var graphRandom = new SeededRandom(root.NextUInt64());
        var capacityRandom = new SeededRandom(root.NextUInt64());
        var policyRandom = new SeededRandom(root.NextUInt64());

        var n = options.Nodes;
        var weights = options.Model == TopologyModel.ScaleFree ? PowerLawWeights(n, graphRandom) : [.. Enumerable.Repeat(1.0, n)];
        var meanDegree = options.MeanDegree ?? (options.Model == TopologyModel.ScaleFree ? weights.Average() : RandomMeanDegree);
        var channels = (int)Math.Min(Math.Round(n * meanDegree / 2), (long)n * (n - 1) / 2);
        var graph = GraphBuilder.Build(weights, Math.Max(channels, n - 1), graphRandom);

        var names = NodeNames(n);
        var policies = Policies(graph.Degrees, policyRandom);
        var list = graph.Edges.Select(e =>
        {
            var capacity = ChannelCapacities.DrawMsat(capacityRandom);
            return new TopologyChannel(names[e.A], names[e.B], capacity, capacity / 2, policies[e.A], policies[e.B], Closed: false);
        }).ToList();
        var network = options.Network ?? string.Create(CultureInfo.InvariantCulture, $"{options.Model.Name()}-{n}");
        return new NetworkTopology(network, BlockHeight, names, list, BlockIntervalSeconds);
    }

    /// <summary>"n1" … "n9" for 9 nodes, "n0001" … "n1000" for 1,000: sorted by name is sorted by index.</summary>
    public static IReadOnlyList<string> NodeNames(int nodes)
    {
        var width = nodes.ToString(CultureInfo.InvariantCulture).Length;
        return [.. Enumerable.Range(1, nodes).Select(i => "n" + i.ToString(CultureInfo.InvariantCulture).PadLeft(width, '0'))];
    }

    /// <summary>Pareto draws w = U^(-1/(γ-1)) ≥ 1, capped at <see cref="MaxWeightShareOfNodes"/> of the nodes.</summary>
    private static double[] PowerLawWeights(int nodes, SeededRandom random)
    {
        var cap = Math.Max(2.0, nodes * MaxWeightShareOfNodes);
        var weights = new double[nodes];
        for (var i = 0; i < nodes; i++)
        {
            var u = 1.0 - random.NextDouble();
            weights[i] = Math.Min(cap, Math.Pow(u, -1.0 / (DegreeExponent - 1)));
        }

        return weights;
    }

    /// <summary>The hubs (top <see cref="HubShare"/> by degree, ties to the earlier node) set their own fees; every other node keeps an implementation's defaults.</summary>
    private static PolicyDto[] Policies(IReadOnlyList<int> degrees, SeededRandom random)
    {
        var hubs = Math.Max(1, (int)(degrees.Count * HubShare));
        var hubSet = Enumerable.Range(0, degrees.Count).OrderByDescending(i => degrees[i]).ThenBy(i => i).Take(hubs).ToHashSet();
        return [.. Enumerable.Range(0, degrees.Count).Select(i => hubSet.Contains(i) ? FeeProfiles.HubFor(random) : FeeProfiles.DefaultFor(random))];
    }
}
