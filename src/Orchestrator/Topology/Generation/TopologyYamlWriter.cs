using System.Text;
using LnRelay.Node.Network;

namespace LnRelay.Orchestrator.Topology.Generation;

/// <summary>
/// Writes a topology as an ordinary topology file (docs/topology.md) that
/// <see cref="TopologyParser"/> reads back to the same topology: one line per channel, a
/// channel's policy only where it differs from default_policy, balances left out (half each).
/// Invariant culture and '\n' line ends, so the same topology gives the same bytes anywhere.
/// </summary>
internal static class TopologyYamlWriter
{
    private const int NamesPerLine = 16;

    public static string Write(NetworkTopology topology, PolicyDto defaults, IEnumerable<string> headerLines)
    {
        var text = new StringBuilder();
        foreach (var line in headerLines)
        {
            Line(text, "# " + line);
        }

        Line(text, $"network: {topology.Network}");
        Line(text, Invariant($"block_interval_seconds: {topology.BlockIntervalSeconds}"));
        Line(text, $"default_policy: {Policy(defaults)}");
        Line(text, "nodes: [");
        for (var i = 0; i < topology.Nodes.Count; i += NamesPerLine)
        {
            var last = i + NamesPerLine >= topology.Nodes.Count;
            Line(text, "  " + string.Join(", ", topology.Nodes.Skip(i).Take(NamesPerLine)) + (last ? "" : ","));
        }

        Line(text, "]");
        Line(text, "channels:");
        foreach (var c in topology.Channels)
        {
            var fields = new List<string> { $"between: [{c.Node1}, {c.Node2}]", Invariant($"capacity_msat: {c.CapacityMsat}") };
            if (c.Node1BalanceMsat != c.CapacityMsat / 2)
            {
                fields.Add(Invariant($"balance_msat: {{ {c.Node1}: {c.Node1BalanceMsat} }}"));
            }

            var policies = new List<string>();
            if (c.Node1Policy != defaults)
            {
                policies.Add($"{c.Node1}: {Policy(c.Node1Policy)}");
            }

            if (c.Node2Policy != defaults)
            {
                policies.Add($"{c.Node2}: {Policy(c.Node2Policy)}");
            }

            if (policies.Count > 0)
            {
                fields.Add($"policy: {{ {string.Join(", ", policies)} }}");
            }

            if (c.Closed)
            {
                fields.Add("closed: true");
            }

            Line(text, $"  - {{ {string.Join(", ", fields)} }}");
        }

        return text.ToString();
    }

    /// <summary>The three fields a generated policy sets; the others keep the parser's defaults.</summary>
    private static string Policy(PolicyDto p) => Invariant(
        $"{{ fee_base_msat: {p.FeeBaseMsat}, fee_proportional_millionths: {p.FeeProportionalMillionths}, cltv_expiry_delta: {p.CltvExpiryDelta} }}");

    private static string Invariant(FormattableString text) => FormattableString.Invariant(text);

    private static void Line(StringBuilder text, string line) => text.Append(line).Append('\n');
}
