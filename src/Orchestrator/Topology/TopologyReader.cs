using LnRelay.Node.Network;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace LnRelay.Orchestrator.Topology;

/// <summary>
/// Reads a topology file's YAML onto a <see cref="TopologyDocument"/>, keeping every value's
/// position. It reports only what stops a value being found: YAML that does not parse, a
/// list or mapping of the wrong shape, a key that is missing or unknown. Whether the values
/// are good is <see cref="TopologyValidator"/>'s question, asked once.
/// </summary>
internal sealed class TopologyReader
{
    private static readonly string[] RootKeys = ["network", "block_height", "block_interval_seconds", "default_policy", "nodes", "node_features", "channels"];
    private static readonly string[] ChannelKeys = ["between", "capacity_msat", "balance_msat", "policy", "closed"];
    private static readonly string[] PolicyFields = ["fee_base_msat", "fee_proportional_millionths", "cltv_expiry_delta", "htlc_minimum_msat", "htlc_maximum_msat", "enabled"];

    private readonly List<TopologyProblem> _problems;

    private TopologyReader(List<TopologyProblem> problems) => _problems = problems;

    /// <summary>The document, or null (the reason added to <paramref name="problems"/>) when the text is not a YAML mapping.</summary>
    public static TopologyDocument? Read(string yaml, List<TopologyProblem> problems)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            problems.Add(new TopologyProblem(At(e.Start), $"not valid YAML: {e.Message.TrimEnd('.')}."));
            return null;
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            problems.Add(new TopologyProblem(new FilePosition(1, 1), "expected a mapping with 'nodes' and 'channels' (see docs/topology.md)."));
            return null;
        }

        return new TopologyReader(problems).Document(root);
    }

    private TopologyDocument Document(YamlMappingNode root)
    {
        CheckKeys(root, RootKeys, "the top level");
        var document = new TopologyDocument
        {
            Start = At(root.Start),
            Network = Value(root, "network"),
            BlockHeight = Value(root, "block_height"),
            BlockIntervalSeconds = Value(root, "block_interval_seconds"),
            DefaultPolicy = root.Children.TryGetValue("default_policy", out var d) ? Policy(d) : null,
        };
        Nodes(root, document.Nodes);
        if (!root.Children.TryGetValue("channels", out var c))
        {
            Problem(root.Start, "'channels' is missing: list the channels between the nodes (see docs/topology.md).");
        }
        else if (c is not YamlSequenceNode list)
        {
            Problem(c.Start, "'channels' must be a list of channels, each starting with '- between: [a, b]'.");
        }
        else
        {
            foreach (var item in list)
            {
                if (Channel(item) is { } channel)
                {
                    document.Channels.Add(channel);
                }
            }
        }

        if (root.Children.TryGetValue("node_features", out var nf))
        {
            NodeFeatures(nf, document.NodeFeatures);
        }

        return document;
    }

    private void Nodes(YamlMappingNode root, List<Placed> nodes)
    {
        if (!root.Children.TryGetValue("nodes", out var value))
        {
            Problem(root.Start, "'nodes' is missing: list the node names, e.g. 'nodes: [alice, bob]'.");
        }
        else if (value is not YamlSequenceNode list || list.Children.Count == 0)
        {
            Problem(value.Start, "'nodes' must be a non-empty list of names, e.g. 'nodes: [alice, bob]'.");
        }
        else
        {
            nodes.AddRange(list.Select(Place));
        }
    }

    private ChannelDocument? Channel(YamlNode item)
    {
        if (item is not YamlMappingNode map)
        {
            Problem(item.Start, "a channel must be a mapping starting with 'between: [a, b]'.");
            return null;
        }

        CheckKeys(map, ChannelKeys, "a channel");
        var channel = new ChannelDocument { Start = At(map.Start), CapacityMsat = Value(map, "capacity_msat"), Closed = Value(map, "closed") };
        if (!map.Children.TryGetValue("between", out var between) || between is not YamlSequenceNode ends || ends.Children.Count != 2)
        {
            Problem((between ?? map).Start, "'between' must name the channel's two nodes, e.g. 'between: [alice, bob]'.");
        }
        else
        {
            channel.Ends = (Place(ends.Children[0]), Place(ends.Children[1]), At(ends.Start));
        }

        if (channel.CapacityMsat is null)
        {
            Problem(map.Start, "'capacity_msat' is missing: the channel's size in millisatoshis, e.g. 10_000_000_000.");
        }

        if (map.Children.TryGetValue("balance_msat", out var balances))
        {
            channel.Balances = (At(balances.Start), balances is YamlMappingNode { Children.Count: 1 or 2 } byNode
                ? [.. byNode.Children.Select(p => (Place(p.Key), Place(p.Value)))]
                : null);
        }

        if (map.Children.TryGetValue("policy", out var policies))
        {
            channel.Policies = (At(policies.Start), policies is YamlMappingNode byNode
                ? [.. byNode.Children.Select(p => (Place(p.Key), Policy(p.Value)))]
                : null);
        }

        return channel;
    }

    private static PolicyDocument Policy(YamlNode node)
    {
        var policy = new PolicyDocument { Start = At(node.Start), IsMapping = node is YamlMappingNode };
        if (node is not YamlMappingNode map)
        {
            return policy;
        }

        foreach (var (key, value) in map.Children)
        {
            if (Scalar(key) is { } field && PolicyFields.Contains(field))
            {
                policy.Fields[field] = Place(value);
            }
            else
            {
                policy.UnknownFields.Add(Place(key));
            }
        }

        return policy;
    }

    /// <summary>node_features: a node's announced features, e.g. '{ carol: [route_blinding] }' (carol does not forward point locks); docs/topology.md.</summary>
    private void NodeFeatures(YamlNode value, List<(Placed Node, FilePosition ListAt, List<string>? Names)> features)
    {
        if (value is not YamlMappingNode map)
        {
            Problem(value.Start, $"'node_features' must map a node to the features it announces, e.g. 'node_features: {{ carol: [{NodeFeatureNames.RouteBlinding}] }}' (any of {string.Join(", ", NodeFeatureNames.All)}; a node left out announces all).");
            return;
        }

        foreach (var (key, list) in map.Children)
        {
            features.Add((Place(key), At(list.Start), list is YamlSequenceNode names ? [.. names.Select(n => Scalar(n) ?? "")] : null));
        }
    }

    private void CheckKeys(YamlMappingNode map, string[] allowed, string where)
    {
        foreach (var key in map.Children.Keys)
        {
            if (Scalar(key) is not { } name || !allowed.Contains(name))
            {
                Problem(key.Start, $"unknown key '{Scalar(key)}' in {where}; expected {string.Join(", ", allowed)}.");
            }
        }
    }

    private static Placed? Value(YamlMappingNode map, string key) => map.Children.TryGetValue(key, out var value) ? Place(value) : null;

    /// <summary>A scalar's text, or the kind of node where a scalar belongs (no rule accepts it, and the message shows what was there).</summary>
    private static Placed Place(YamlNode node) => new(Scalar(node) ?? node.NodeType.ToString(), At(node.Start));

    private static string? Scalar(YamlNode node) => (node as YamlScalarNode)?.Value;

    private static FilePosition At(Mark mark) => new(mark.Line, mark.Column);

    private void Problem(Mark at, string message) => _problems.Add(new TopologyProblem(At(at), message));
}
