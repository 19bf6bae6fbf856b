using System.Globalization;
using LnRelay.Node;
using LnRelay.Node.Channels;
using LnRelay.Node.Network;
using LnRelay.Sphinx.Payloads;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace LnRelay.Orchestrator.Topology;

/// <summary>
/// Reads a topology file (YAML, docs/topology.md) into a <see cref="NetworkTopology"/>. Every
/// problem is reported, not only the first, as "SOURCE:LINE:COLUMN: what is wrong; the
/// fix", with the position YamlDotNet gives for the offending node. Never throws for
/// bad input.
/// </summary>
internal sealed class TopologyParser
{
    /// <summary>Block heights stay below the BOLT 2 threshold where a cltv_expiry would mean a time.</summary>
    private const ulong BlockHeightLimit = NetworkValidator.MaxBlockHeight;

    private static readonly string[] RootKeys = ["network", "block_height", "block_interval_seconds", "default_policy", "nodes", "node_features", "channels"];
    private static readonly string[] ChannelKeys = ["between", "capacity_msat", "balance_msat", "policy", "closed"];

    private readonly string _source;
    private readonly List<string> _errors = [];

    private TopologyParser(string source) => _source = source;

    /// <summary>Parses YAML text; <paramref name="source"/> names it in messages.</summary>
    public static TopologyResult Parse(string yaml, string source)
    {
        var parser = new TopologyParser(source);
        var topology = parser.Read(yaml);
        return parser._errors.Count == 0 && topology is not null ? new TopologyResult(topology, []) : new TopologyResult(null, parser._errors);
    }

    /// <summary>Reads and parses a file; a missing or unreadable file is one error.</summary>
    public static TopologyResult Load(string path)
    {
        try
        {
            return Parse(File.ReadAllText(path), path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new TopologyResult(null, [$"{path}: cannot be read ({e.Message})."]);
        }
    }

    private NetworkTopology? Read(string yaml)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            Error(e.Start, $"not valid YAML: {e.Message.TrimEnd('.')}.");
            return null;
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            _errors.Add($"{_source}:1:1: expected a mapping with 'nodes' and 'channels' (see docs/topology.md).");
            return null;
        }

        CheckKeys(root, RootKeys, "the top level");
        var network = root.Children.TryGetValue("network", out var n) ? Name(n, "network") : "lnrelay";
        var height = root.Children.TryGetValue("block_height", out var h) ? (uint)Number(h, "block_height", 0, BlockHeightLimit) : 800_000u;
        var interval = root.Children.TryGetValue("block_interval_seconds", out var bi)
            ? (uint)Number(bi, "block_interval_seconds (seconds between blocks; 0 for a chain that moves only through POST /v1/chain/height)", 0, NetworkValidator.MaxBlockIntervalSeconds)
            : 0u;
        var defaults = root.Children.TryGetValue("default_policy", out var d) ? Policy(d, new PolicyDto(), "default_policy") : new PolicyDto();
        var nodes = Nodes(root);
        var channels = new List<TopologyChannel>();
        if (!root.Children.TryGetValue("channels", out var c))
        {
            Error(root.Start, "'channels' is missing: list the channels between the nodes (see docs/topology.md).");
        }
        else if (c is not YamlSequenceNode list)
        {
            Error(c.Start, "'channels' must be a list of channels, each starting with '- between: [a, b]'.");
        }
        else
        {
            foreach (var item in list)
            {
                if (Channel(item, nodes, defaults) is { } channel)
                {
                    channels.Add(channel);
                }
            }
        }

        var features = root.Children.TryGetValue("node_features", out var nf) ? NodeFeatureMap(nf, nodes) : [];
        return new NetworkTopology(network ?? "lnrelay", height, nodes.Keys.ToList(), channels, interval) { NodeFeatures = features };
    }

    /// <summary>node_features: a node's announced features, e.g. '{ carol: [route_blinding] }' (carol does not forward point locks); docs/topology.md.</summary>
    private Dictionary<string, NodeFeatures> NodeFeatureMap(YamlNode value, Dictionary<string, int> nodes)
    {
        var features = new Dictionary<string, NodeFeatures>(StringComparer.Ordinal);
        if (value is not YamlMappingNode map)
        {
            Error(value.Start, $"'node_features' must map a node to the features it announces, e.g. 'node_features: {{ carol: [{NodeFeatureNames.RouteBlinding}] }}' (any of {string.Join(", ", NodeFeatureNames.All)}; a node left out announces all).");
            return features;
        }

        foreach (var (key, list) in map.Children)
        {
            if (KnownNode(key, nodes) is not { } name)
            {
                continue;
            }

            if (list is not YamlSequenceNode names)
            {
                Error(list.Start, $"the features of {name} must be a list, e.g. [{NodeFeatureNames.RouteBlinding}], or [] for none.");
                continue;
            }

            var errors = new List<string>();
            if (NetworkValidator.Features([.. names.Select(n => Scalar(n) ?? "")], $"the features of {name}", errors, out var parsed))
            {
                features[name] = parsed;
            }

            foreach (var error in errors)
            {
                Error(list.Start, error);
            }
        }

        return features;
    }

    private Dictionary<string, int> Nodes(YamlMappingNode root)
    {
        var nodes = new Dictionary<string, int>(StringComparer.Ordinal);
        if (!root.Children.TryGetValue("nodes", out var value))
        {
            Error(root.Start, "'nodes' is missing: list the node names, e.g. 'nodes: [alice, bob]'.");
            return nodes;
        }

        if (value is not YamlSequenceNode list || list.Children.Count == 0)
        {
            Error(value.Start, "'nodes' must be a non-empty list of names, e.g. 'nodes: [alice, bob]'.");
            return nodes;
        }

        foreach (var item in list)
        {
            if (Name(item, "node name") is not { } name)
            {
                continue;
            }

            if (!nodes.TryAdd(name, (int)item.Start.Line))
            {
                Error(item.Start, $"duplicate node name '{name}' (first at line {nodes[name]}); every node needs its own name.");
            }
        }

        return nodes;
    }

    private TopologyChannel? Channel(YamlNode item, Dictionary<string, int> nodes, PolicyDto defaults)
    {
        if (item is not YamlMappingNode map)
        {
            Error(item.Start, "a channel must be a mapping starting with 'between: [a, b]'.");
            return null;
        }

        CheckKeys(map, ChannelKeys, "a channel");
        var errorsBefore = _errors.Count;
        string? node1 = null, node2 = null;
        if (!map.Children.TryGetValue("between", out var between) || between is not YamlSequenceNode ends || ends.Children.Count != 2)
        {
            Error((between ?? map).Start, "'between' must name the channel's two nodes, e.g. 'between: [alice, bob]'.");
        }
        else
        {
            node1 = KnownNode(ends.Children[0], nodes);
            node2 = KnownNode(ends.Children[1], nodes);
            if (node1 is not null && node1 == node2)
            {
                Error(ends.Start, $"a channel needs two different nodes, not '{node1}' twice.");
            }
        }

        ulong capacity = 0;
        if (!map.Children.TryGetValue("capacity_msat", out var cap))
        {
            Error(map.Start, "'capacity_msat' is missing: the channel's size in millisatoshis, e.g. 10_000_000_000.");
        }
        else
        {
            capacity = Number(cap, "capacity_msat", 1, HopPayloadTypes.MaxMsat);
        }

        var closed = map.Children.TryGetValue("closed", out var cl) && Bool(cl, "closed");
        if (_errors.Count > errorsBefore || node1 is null || node2 is null)
        {
            return null;
        }

        var balance1 = Balances(map, node1, node2, capacity);
        var policy1 = defaults;
        var policy2 = defaults;
        if (map.Children.TryGetValue("policy", out var p))
        {
            if (p is not YamlMappingNode byNode)
            {
                Error(p.Start, $"'policy' must map a node of this channel to its policy, e.g. 'policy: {{ {node1}: {{ fee_base_msat: 2000 }} }}'.");
            }
            else
            {
                foreach (var (key, value) in byNode.Children)
                {
                    var name = Scalar(key);
                    if (name == node1)
                    {
                        policy1 = Policy(value, defaults, $"policy of {node1}");
                    }
                    else if (name == node2)
                    {
                        policy2 = Policy(value, defaults, $"policy of {node2}");
                    }
                    else
                    {
                        Error(key.Start, $"'{name}' is not an end of this channel; a policy belongs to {node1} or {node2} (the node that forwards over it).");
                    }
                }
            }
        }

        return _errors.Count > errorsBefore ? null : new TopologyChannel(node1, node2, capacity, balance1, policy1, policy2, closed);
    }

    /// <summary>node1's balance: given for either end (the other holds the rest) or both (they must add up); evenly split when absent.</summary>
    private ulong Balances(YamlMappingNode map, string node1, string node2, ulong capacity)
    {
        if (!map.Children.TryGetValue("balance_msat", out var value))
        {
            return capacity / 2;
        }

        if (value is not YamlMappingNode byNode || byNode.Children.Count is 0 or > 2)
        {
            Error(value.Start, $"'balance_msat' must map one or both ends to what they hold, e.g. 'balance_msat: {{ {node1}: {capacity / 2} }}'.");
            return 0;
        }

        ulong? b1 = null, b2 = null;
        foreach (var (key, amount) in byNode.Children)
        {
            var name = Scalar(key);
            if (name != node1 && name != node2)
            {
                Error(key.Start, $"'{name}' is not an end of this channel ({node1}, {node2}).");
                continue;
            }

            var msat = Number(amount, $"balance_msat of {name}", 0, HopPayloadTypes.MaxMsat);
            if (msat > capacity)
            {
                Error(amount.Start, $"{name}'s balance {msat} msat is over the channel's capacity {capacity} msat; lower it or raise capacity_msat.");
                return 0;
            }

            _ = name == node1 ? b1 = msat : b2 = msat;
        }

        if (b1 is { } x && b2 is { } y && x + y != capacity)
        {
            Error(value.Start, $"the balances add up to {x + y} msat but the capacity is {capacity} msat; give one end only (the other holds the rest) or make them add up.");
        }

        return b1 ?? (b2 is { } other ? capacity - other : 0);
    }

    private PolicyDto Policy(YamlNode node, PolicyDto start, string what)
    {
        if (node is not YamlMappingNode map)
        {
            Error(node.Start, $"{what}: expected a mapping such as '{{ fee_base_msat: 1000, fee_proportional_millionths: 100, cltv_expiry_delta: 40 }}'.");
            return start;
        }

        // Only the YAML's shapes and the fields' types are read here; the rules are ChannelPolicy's
        // (Refusals), reported at the field's own line and column.
        var policy = start;
        var errorsBefore = _errors.Count;
        var positions = new Dictionary<string, Mark>(StringComparer.Ordinal);
        foreach (var (key, value) in map.Children)
        {
            var field = Scalar(key);
            policy = field switch
            {
                "fee_base_msat" => policy with { FeeBaseMsat = (uint)Number(value, $"{what}: fee_base_msat", 0, uint.MaxValue) },
                "fee_proportional_millionths" => policy with { FeeProportionalMillionths = (uint)Number(value, $"{what}: fee_proportional_millionths", 0, uint.MaxValue) },
                "cltv_expiry_delta" => policy with { CltvExpiryDelta = (ushort)Number(value, $"{what}: cltv_expiry_delta (blocks)", 0, ushort.MaxValue) },
                "htlc_minimum_msat" => policy with { HtlcMinimumMsat = Number(value, $"{what}: htlc_minimum_msat", 0, ulong.MaxValue) },
                "htlc_maximum_msat" => policy with { HtlcMaximumMsat = Number(value, $"{what}: htlc_maximum_msat", 0, ulong.MaxValue) },
                "enabled" => policy with { Enabled = Bool(value, $"{what}: enabled") },
                _ => Unknown(key, field, what, policy),
            };
            if (field is not null)
            {
                positions[field] = value.Start;
            }
        }

        if (_errors.Count == errorsBefore)
        {
            var candidate = policy.ToPolicy();
            foreach (var refusal in candidate.Refusals())
            {
                Error(positions.GetValueOrDefault(refusal.Field(), map.Start), $"{what}: {refusal.Describe(candidate)}.");
            }
        }

        return policy;
    }

    private PolicyDto Unknown(YamlNode key, string? field, string what, PolicyDto policy)
    {
        Error(key.Start, $"{what}: unknown field '{field}'; a policy has fee_base_msat, fee_proportional_millionths, cltv_expiry_delta, htlc_minimum_msat, htlc_maximum_msat, enabled.");
        return policy;
    }

    private string? KnownNode(YamlNode node, Dictionary<string, int> nodes)
    {
        var name = Scalar(node);
        if (name is not null && nodes.ContainsKey(name))
        {
            return name;
        }

        Error(node.Start, $"unknown node '{name}'; the nodes are {string.Join(", ", nodes.Keys)} (add it to 'nodes' first).");
        return null;
    }

    private string? Name(YamlNode node, string what)
    {
        var text = Scalar(node);
        if (text is not null && NetworkValidator.IsValidName(text))
        {
            return text;
        }

        Error(node.Start, $"{what} '{text ?? node.NodeType.ToString()}' must be 1-32 characters of a-z, 0-9, '-' or '_', starting with a letter.");
        return null;
    }

    private ulong Number(YamlNode node, string what, ulong min, ulong max)
    {
        var text = Scalar(node)?.Replace("_", "", StringComparison.Ordinal);
        if (text is not null && ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        Error(node.Start, string.Create(CultureInfo.InvariantCulture, $"{what}: '{Scalar(node) ?? node.NodeType.ToString()}' is not a whole number from {min} to {max}."));
        return min;
    }

    private bool Bool(YamlNode node, string what)
    {
        if (bool.TryParse(Scalar(node), out var value))
        {
            return value;
        }

        Error(node.Start, $"{what}: '{Scalar(node)}' is not true or false.");
        return false;
    }

    private void CheckKeys(YamlMappingNode map, string[] allowed, string where)
    {
        foreach (var key in map.Children.Keys)
        {
            if (Scalar(key) is not { } name || !allowed.Contains(name))
            {
                Error(key.Start, $"unknown key '{Scalar(key)}' in {where}; expected {string.Join(", ", allowed)}.");
            }
        }
    }

    private static string? Scalar(YamlNode node) => (node as YamlScalarNode)?.Value;

    private void Error(Mark at, string message) =>
        _errors.Add(string.Create(CultureInfo.InvariantCulture, $"{_source}:{at.Line}:{at.Column}: {message}"));
}

/// <summary>Either a topology or every problem found in the file.</summary>
internal sealed record TopologyResult(NetworkTopology? Topology, IReadOnlyList<string> Errors) : LoadResult<NetworkTopology>(Topology, Errors);
