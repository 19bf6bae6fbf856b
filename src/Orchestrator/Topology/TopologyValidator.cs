using System.Globalization;
using LnRelay.Node.Channels;
using LnRelay.Node.Network;

namespace LnRelay.Orchestrator.Topology;

/// <summary>
/// Checks a <see cref="TopologyDocument"/> once and builds the <see cref="NetworkTopology"/>:
/// every value's type and range, names, references between nodes and channels, balances, and
/// each policy against <see cref="ChannelPolicy.Refusals"/>. The rules shared with the network
/// file are Node's (<see cref="NetworkRules"/> for names, ends, capacities and balances,
/// <see cref="ChannelPolicy.Refusals"/> for policies, <see cref="NetworkValidator.Features"/>);
/// this type only reads values and words each refusal at its position; every problem is reported at the position of the value it is about, and all
/// of them, not only the first.
/// </summary>
internal sealed class TopologyValidator
{
    /// <summary>Block heights stay below the BOLT 2 threshold where a cltv_expiry would mean a time.</summary>
    private const ulong BlockHeightLimit = NetworkValidator.MaxBlockHeight;

    private const uint DefaultBlockHeight = 800_000;

    private const string DefaultNetworkName = "lnrelay";

    private readonly List<TopologyProblem> _problems;

    private TopologyValidator(List<TopologyProblem> problems) => _problems = problems;

    /// <summary>The topology, or null when <paramref name="problems"/> (the reader's included) is not empty.</summary>
    public static NetworkTopology? Validate(TopologyDocument document, List<TopologyProblem> problems)
    {
        var topology = new TopologyValidator(problems).Check(document);
        return problems.Count == 0 ? topology : null;
    }

    private NetworkTopology Check(TopologyDocument document)
    {
        var network = document.Network is { } n ? Name(n, "network") : DefaultNetworkName;
        var height = document.BlockHeight is { } h ? (uint)Number(h, "block_height", 0, BlockHeightLimit) : DefaultBlockHeight;
        var interval = document.BlockIntervalSeconds is { } bi
            ? (uint)Number(bi, "block_interval_seconds (seconds between blocks; 0 for a chain that moves only through POST /v1/chain/height)", 0, NetworkValidator.MaxBlockIntervalSeconds)
            : 0u;
        var defaults = document.DefaultPolicy is { } d ? Policy(d, new PolicyDto(), "default_policy") : new PolicyDto();
        var nodes = Nodes(document.Nodes);
        var channels = document.Channels.Select(c => Channel(c, nodes, defaults)).OfType<TopologyChannel>().ToList();
        var features = NodeFeatures(document.NodeFeatures, nodes);
        return new NetworkTopology(network ?? DefaultNetworkName, height, [.. nodes.Keys], channels, interval) { NodeFeatures = features };
    }

    /// <summary>The nodes in file order, each with the line that names it.</summary>
    private Dictionary<string, long> Nodes(List<Placed> names)
    {
        var nodes = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var item in names)
        {
            switch (NetworkRules.NodeName(item.Text, nodes.ContainsKey))
            {
                case NetworkRefusal.InvalidName:
                    Problem(item.At, $"node name '{item.Text}' {NetworkRules.NameRule}.");
                    break;
                case NetworkRefusal.DuplicateName:
                    Problem(item.At, $"duplicate node name '{item.Text}' (first at line {nodes[item.Text]}); every node needs its own name.");
                    break;
                default:
                    nodes.Add(item.Text, item.At.Line);
                    break;
            }
        }

        return nodes;
    }

    private TopologyChannel? Channel(ChannelDocument channel, Dictionary<string, long> nodes, PolicyDto defaults)
    {
        var problemsBefore = _problems.Count;
        string? node1 = null, node2 = null;
        if (channel.Ends is { } ends)
        {
            node1 = KnownNode(ends.Node1, nodes);
            node2 = KnownNode(ends.Node2, nodes);
            if (node1 is not null && node2 is not null && NetworkRules.Ends(node1, node2) is not null)
            {
                Problem(ends.At, $"a channel needs two different nodes, not '{node1}' twice.");
            }
        }

        var capacity = channel.CapacityMsat is { } cap ? Number(cap, "capacity_msat", NetworkRules.MinCapacityMsat, NetworkRules.MaxCapacityMsat) : 0;
        var closed = channel.Closed is { } cl && Bool(cl, "closed");
        if (_problems.Count > problemsBefore || channel.Ends is null || channel.CapacityMsat is null || node1 is null || node2 is null)
        {
            return null;
        }

        var balance1 = Balances(channel, node1, node2, capacity);
        var policy1 = defaults;
        var policy2 = defaults;
        if (channel.Policies is { } policies)
        {
            if (policies.ByNode is not { } byNode)
            {
                Problem(policies.At, $"'policy' must map a node of this channel to its policy, e.g. 'policy: {{ {node1}: {{ fee_base_msat: 2000 }} }}'.");
            }
            else
            {
                foreach (var (key, policy) in byNode)
                {
                    if (key.Text == node1)
                    {
                        policy1 = Policy(policy, defaults, $"policy of {node1}");
                    }
                    else if (key.Text == node2)
                    {
                        policy2 = Policy(policy, defaults, $"policy of {node2}");
                    }
                    else
                    {
                        Problem(key.At, $"'{key.Text}' is not an end of this channel; a policy belongs to {node1} or {node2} (the node that forwards over it).");
                    }
                }
            }
        }

        return _problems.Count > problemsBefore ? null : new TopologyChannel(node1, node2, capacity, balance1, policy1, policy2, closed);
    }

    /// <summary>node1's balance: given for either end (the other holds the rest) or both (they must add up); evenly split when absent.</summary>
    private ulong Balances(ChannelDocument channel, string node1, string node2, ulong capacity)
    {
        if (channel.Balances is not { } balances)
        {
            return capacity / 2;
        }

        if (balances.ByNode is not { } byNode)
        {
            Problem(balances.At, $"'balance_msat' must map one or both ends to what they hold, e.g. 'balance_msat: {{ {node1}: {capacity / 2} }}'.");
            return 0;
        }

        ulong? b1 = null, b2 = null;
        foreach (var (key, amount) in byNode)
        {
            var name = key.Text;
            if (name != node1 && name != node2)
            {
                Problem(key.At, $"'{name}' is not an end of this channel ({node1}, {node2}).");
                continue;
            }

            var msat = Number(amount, $"balance_msat of {name}", 0, NetworkRules.MaxCapacityMsat);
            if (NetworkRules.Balance(msat, capacity) is not null)
            {
                Problem(amount.At, $"{name}'s balance {msat} msat is over the channel's capacity {capacity} msat; lower it or raise capacity_msat.");
                return 0;
            }

            _ = name == node1 ? b1 = msat : b2 = msat;
        }

        if (b1 is { } x && b2 is { } y && NetworkRules.Balances(x, y, capacity) is not null)
        {
            Problem(balances.At, $"the balances add up to {x + y} msat but the capacity is {capacity} msat; give one end only (the other holds the rest) or make them add up.");
        }

        return b1 ?? (b2 is { } other ? capacity - other : 0);
    }

    /// <summary>The fields' types here; the rules are <see cref="ChannelPolicy.Refusals"/>, each reported at its field's own position.</summary>
    private PolicyDto Policy(PolicyDocument document, PolicyDto start, string what)
    {
        if (!document.IsMapping)
        {
            Problem(document.Start, $"{what}: expected a mapping such as '{{ fee_base_msat: 1000, fee_proportional_millionths: 100, cltv_expiry_delta: 40 }}'.");
            return start;
        }

        var problemsBefore = _problems.Count;
        foreach (var unknown in document.UnknownFields)
        {
            Problem(unknown.At, $"{what}: unknown field '{unknown.Text}'; a policy has fee_base_msat, fee_proportional_millionths, cltv_expiry_delta, htlc_minimum_msat, htlc_maximum_msat, enabled.");
        }

        var policy = start;
        foreach (var (field, value) in document.Fields)
        {
            policy = field switch
            {
                "fee_base_msat" => policy with { FeeBaseMsat = (uint)Number(value, $"{what}: fee_base_msat", 0, uint.MaxValue) },
                "fee_proportional_millionths" => policy with { FeeProportionalMillionths = (uint)Number(value, $"{what}: fee_proportional_millionths", 0, uint.MaxValue) },
                "cltv_expiry_delta" => policy with { CltvExpiryDelta = (ushort)Number(value, $"{what}: cltv_expiry_delta (blocks)", 0, ushort.MaxValue) },
                "htlc_minimum_msat" => policy with { HtlcMinimumMsat = Number(value, $"{what}: htlc_minimum_msat", 0, ulong.MaxValue) },
                "htlc_maximum_msat" => policy with { HtlcMaximumMsat = Number(value, $"{what}: htlc_maximum_msat", 0, ulong.MaxValue) },
                _ => policy with { Enabled = Bool(value, $"{what}: enabled") },
            };
        }

        if (_problems.Count == problemsBefore)
        {
            var candidate = policy.ToPolicy();
            foreach (var refusal in candidate.Refusals())
            {
                Problem(document.Fields.TryGetValue(refusal.Field(), out var at) ? at.At : document.Start, $"{what}: {refusal.Describe(candidate)}.");
            }
        }

        return policy;
    }

    private Dictionary<string, NodeFeatures> NodeFeatures(List<(Placed Node, FilePosition ListAt, List<string>? Names)> entries, Dictionary<string, long> nodes)
    {
        var features = new Dictionary<string, NodeFeatures>(StringComparer.Ordinal);
        foreach (var (key, listAt, names) in entries)
        {
            if (KnownNode(key, nodes) is not { } name)
            {
                continue;
            }

            if (names is null)
            {
                Problem(listAt, $"the features of {name} must be a list, e.g. [{NodeFeatureNames.RouteBlinding}], or [] for none.");
                continue;
            }

            var errors = new List<string>();
            if (NetworkValidator.Features(names, $"the features of {name}", errors, out var parsed))
            {
                features[name] = parsed;
            }

            foreach (var error in errors)
            {
                Problem(listAt, error);
            }
        }

        return features;
    }

    private string? KnownNode(Placed node, Dictionary<string, long> nodes)
    {
        if (NetworkRules.End(node.Text, nodes.ContainsKey) is null)
        {
            return node.Text;
        }

        Problem(node.At, $"unknown node '{node.Text}'; the nodes are {string.Join(", ", nodes.Keys)} (add it to 'nodes' first).");
        return null;
    }

    private string? Name(Placed node, string what)
    {
        if (NetworkRules.IsValidName(node.Text))
        {
            return node.Text;
        }

        Problem(node.At, $"{what} '{node.Text}' {NetworkRules.NameRule}.");
        return null;
    }

    private ulong Number(Placed node, string what, ulong min, ulong max)
    {
        var text = node.Text.Replace("_", "", StringComparison.Ordinal);
        if (ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        Problem(node.At, string.Create(CultureInfo.InvariantCulture, $"{what}: '{node.Text}' is not a whole number from {min} to {max}."));
        return min;
    }

    private bool Bool(Placed node, string what)
    {
        if (bool.TryParse(node.Text, out var value))
        {
            return value;
        }

        Problem(node.At, $"{what}: '{node.Text}' is not true or false.");
        return false;
    }

    private void Problem(FilePosition at, string message) => _problems.Add(new TopologyProblem(at, message));
}
