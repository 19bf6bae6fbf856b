using System.Globalization;
using System.Xml.Linq;

namespace LnRelay.Orchestrator.Web;

/// <summary>
/// The network map as SVG, written by C# (System.Xml.Linq) so the live page, report.html and
/// the tests see the same markup. Each channel is drawn as Polar draws it: one line split where
/// the balance splits, node1's share from node1's end. Every element carries a &lt;title&gt;
/// (hover, screen readers) and data-* attributes the page's script selects on: data-node,
/// data-scid. State is written in words beside its colour (✓ up, ✗ down, ↻ restarting).
/// </summary>
internal static class NetworkMapSvg
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";
    private const double NodeRadius = 24;

    public static string Render(IReadOnlyList<WebNode> nodes, IReadOnlyList<WebChannel> channels)
    {
        var index = nodes.Select((n, i) => (n.Name, i)).ToDictionary(p => p.Name, p => p.i, StringComparer.Ordinal);
        var edges = channels.Where(c => index.ContainsKey(c.Node1) && index.ContainsKey(c.Node2)).Select(c => (index[c.Node1], index[c.Node2])).ToList();
        var at = MapLayout.Place(nodes.Count, edges);

        var root = new XElement(
            Svg + "svg",
            new XAttribute("viewBox", $"0 0 {MapLayout.Width} {MapLayout.Height}"),
            new XAttribute("class", "map"),
            new XAttribute("role", "img"),
            new XAttribute("data-nodes", nodes.Count),
            new XAttribute("data-channels", channels.Count),
            new XElement(Svg + "title", $"Network map: {nodes.Count} nodes, {channels.Count} channels"));

        var lines = new XElement(Svg + "g", new XAttribute("class", "channels"));
        foreach (var c in channels)
        {
            if (index.TryGetValue(c.Node1, out var a) && index.TryGetValue(c.Node2, out var b))
            {
                lines.Add(Channel(c, at[a], at[b]));
            }
        }

        var circles = new XElement(Svg + "g", new XAttribute("class", "nodes"));
        for (var i = 0; i < nodes.Count; i++)
        {
            circles.Add(Node(nodes[i], at[i]));
        }

        root.Add(lines, circles);
        return root.ToString(SaveOptions.DisableFormatting);
    }

    private static XElement Channel(WebChannel c, (double X, double Y) p1, (double X, double Y) p2)
    {
        var share = c.CapacityMsat == 0 ? 0.5 : (double)c.Node1BalanceMsat / c.CapacityMsat;
        var split = (X: p1.X + ((p2.X - p1.X) * share), Y: p1.Y + ((p2.Y - p1.Y) * share));
        var title = c.Closed
            ? $"{c.Scid} {c.Node1}–{c.Node2}: closed (capacity {Sat(c.CapacityMsat)} sat)"
            : $"{c.Scid} {c.Node1}–{c.Node2}: capacity {Sat(c.CapacityMsat)} sat; {c.Node1} holds {Sat(c.Node1BalanceMsat)}, {c.Node2} holds {Sat(c.Node2BalanceMsat)}";
        var group = new XElement(
            Svg + "g",
            new XAttribute("class", c.Closed ? "channel closed" : "channel"),
            new XAttribute("data-scid", c.Scid),
            new XAttribute("data-node1", c.Node1),
            new XAttribute("data-node2", c.Node2),
            new XElement(Svg + "title", title),
            Line("bal1", p1, split),
            Line("bal2", split, p2));
        var mid = (X: (p1.X + p2.X) / 2, Y: (p1.Y + p2.Y) / 2);
        group.Add(new XElement(
            Svg + "text",
            new XAttribute("class", "scid"),
            new XAttribute("x", N(mid.X)),
            new XAttribute("y", N(mid.Y - 6)),
            c.Closed ? $"{c.Scid} ✗ closed" : c.Scid));
        group.Add(new XElement(
            Svg + "text",
            new XAttribute("class", "capacity"),
            new XAttribute("x", N(mid.X)),
            new XAttribute("y", N(mid.Y + 14)),
            $"{Sat(c.CapacityMsat)} sat"));
        return group;
    }

    private static XElement Node(WebNode n, (double X, double Y) p)
    {
        var state = n.State switch
        {
            "up" => "✓ up",
            "down" => "✗ down",
            "restarting" => "↻ restarting",
            "stopped" => "■ stopped",
            _ => "? " + n.State,
        };
        return new XElement(
            Svg + "g",
            new XAttribute("class", $"node state-{n.State}"),
            new XAttribute("data-node", n.Name),
            new XAttribute("transform", $"translate({N(p.X)},{N(p.Y)})"),
            new XElement(Svg + "title", $"{n.Name} ({n.State}): node id {n.Id}; forwarded {n.Forwards} HTLC(s); in flight {n.InFlight}"),
            new XElement(Svg + "circle", new XAttribute("r", N(NodeRadius))),
            new XElement(Svg + "text", new XAttribute("class", "name"), new XAttribute("y", "5"), n.Name),
            new XElement(Svg + "text", new XAttribute("class", "state"), new XAttribute("y", N(NodeRadius + 16)), state),
            n.InFlight > 0
                ? new XElement(Svg + "text", new XAttribute("class", "inflight"), new XAttribute("y", N(-NodeRadius - 6)), $"{n.InFlight} in flight")
                : null);
    }

    private static XElement Line(string cls, (double X, double Y) a, (double X, double Y) b) =>
        new(Svg + "line", new XAttribute("class", cls), new XAttribute("x1", N(a.X)), new XAttribute("y1", N(a.Y)), new XAttribute("x2", N(b.X)), new XAttribute("y2", N(b.Y)));

    private static string N(double v) => Math.Round(v, 1).ToString("0.#", CultureInfo.InvariantCulture);

    private static string Sat(ulong msat) => (msat / 1000).ToString("N0", CultureInfo.InvariantCulture);
}
