using System.Globalization;
using LnRelay.Node.Network;
using LnRelay.Orchestrator.Client;
using LnRelay.Orchestrator.Hosting;

namespace LnRelay.Orchestrator.Rendering;

/// <summary>One node as the tables show it.</summary>
internal sealed record NodeRow(string Name, string NodeId, string PeerAddress, string ApiUrl);

/// <summary>One channel as the tables show it: balances as the two ends report them (or as the network file starts them).</summary>
internal sealed record ChannelRow(string Scid, string Node1, string Node2, ulong CapacityMsat, ulong? Node1BalanceMsat, ulong? Node2BalanceMsat, bool Closed);

/// <summary>The node and channel tables 'init', 'up' and 'demo' print.</summary>
internal static class NetworkTables
{
    /// <summary>Node ids are shown by their first bytes; the full id is in network.json.</summary>
    private const int NodeIdPrefixChars = 16;

    public static void WriteNodes(TextWriter output, IEnumerable<NodeRow> nodes)
    {
        var table = new TextTable("node", "node id", "peer address", "control API");
        foreach (var n in nodes)
        {
            table.Add(n.Name, n.NodeId[..Math.Min(NodeIdPrefixChars, n.NodeId.Length)] + "…", n.PeerAddress, n.ApiUrl);
        }

        table.Write(output);
    }

    /// <summary>The nodes of a loaded network file, as 'init --keep-existing' and 'up' show them.</summary>
    public static void WriteNodes(TextWriter output, NetworkDescription network) =>
        WriteNodes(output, network.Nodes.Select(n => new NodeRow(n.Name, n.NodeId.ToHex(), $"{n.Host}:{n.Port}", n.ControlUrl.ToString().TrimEnd('/'))));

    public static void WriteChannels(TextWriter output, IEnumerable<ChannelRow> channels)
    {
        var table = new TextTable("channel", "between", "capacity sat", "balances sat", "state");
        foreach (var c in channels)
        {
            var balances = c.Node1BalanceMsat is { } b1 && c.Node2BalanceMsat is { } b2 ? $"{c.Node1} {Sat(b1)} / {c.Node2} {Sat(b2)}" : "-";
            table.Add(c.Scid, $"{c.Node1} - {c.Node2}", Sat(c.CapacityMsat), balances, c.Closed ? "closed (in the graph only)" : "open");
        }

        table.Write(output);
    }

    /// <summary>Whole satoshis with thousands separators (the msat remainder is dropped for reading).</summary>
    public static string Sat(ulong msat) => (msat / 1000).ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>The nodes, then the channels with the balances their ends report now.</summary>
    public static async Task WriteRunningAsync(RunningNetwork network, TextWriter output, CancellationToken ct)
    {
        WriteNodes(output, network.Folder.Network);
        output.WriteLine();
        WriteChannels(output, await ChannelBalances.ReadAsync(network, ct));
    }
}
