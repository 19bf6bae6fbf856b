using System.Xml.Linq;
using LnRelay.Orchestrator.Web;

namespace LnRelay.Orchestrator.Tests.Web;

/// <summary>The map's SVG, checked as XML: counts, titles, classes, and a layout that never moves by itself.</summary>
public sealed class NetworkMapSvgTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    [Fact]
    public void The_recorded_run_draws_one_node_per_network_node_and_one_channel_per_channel()
    {
        var s = RecordedRun.Snapshot();
        var svg = XDocument.Parse(s.MapSvg);

        var nodes = Groups(svg, "node").ToList();
        Assert.Equal(s.Nodes.Select(n => n.Name), nodes.Select(n => (string)n.Attribute("data-node")!));
        Assert.Equal(s.Channels.Select(c => c.Scid), Groups(svg, "channel").Select(c => (string)c.Attribute("data-scid")!));
        Assert.Single(Groups(svg, "channel"), c => ((string)c.Attribute("class")!).Contains("closed", StringComparison.Ordinal));
        Assert.All(svg.Descendants(Svg + "g").Where(g => g.Attribute("data-node") is not null || g.Attribute("data-scid") is not null), g => Assert.NotNull(g.Element(Svg + "title")));
        Assert.All(nodes, n => Assert.Contains("■ stopped", n.Value, StringComparison.Ordinal));
    }

    [Fact]
    public void The_recorded_runs_map_is_the_golden_svg()
    {
        var golden = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Web", "map.golden.svg")).TrimEnd('\n');

        Assert.Equal(golden, RecordedRun.Snapshot().MapSvg);
    }

    [Fact]
    public void Up_to_twelve_nodes_sit_on_a_circle_with_the_first_at_the_top()
    {
        var at = MapLayout.Place(5, []);

        Assert.Equal(MapLayout.Width / 2.0, at[0].X);
        Assert.True(at[0].Y < at.Skip(1).Min(p => p.Y));
        var centre = (X: MapLayout.Width / 2.0, Y: MapLayout.Height / 2.0);
        var radii = at.Select(p => Math.Round(Math.Sqrt(Math.Pow(p.X - centre.X, 2) + Math.Pow(p.Y - centre.Y, 2)))).Distinct().ToList();
        Assert.InRange(radii.Max() - radii.Min(), 0, 1);
    }

    [Fact]
    public void More_than_twelve_nodes_get_the_same_force_layout_every_time_inside_the_margins()
    {
        var edges = Enumerable.Range(0, 39).Select(i => (i, i + 1)).Append((0, 20)).ToList();

        var first = MapLayout.Place(40, edges);
        Assert.Equal(first, MapLayout.Place(40, edges));
        Assert.All(first, p =>
        {
            Assert.InRange(p.X, MapLayout.Margin, MapLayout.Width - MapLayout.Margin);
            Assert.InRange(p.Y, MapLayout.Margin, MapLayout.Height - MapLayout.Margin);
        });
        Assert.Equal(40, first.Distinct().Count());
    }

    [Fact]
    public void A_channel_splits_where_its_balance_splits_and_node_states_are_written_in_words()
    {
        var svg = XDocument.Parse(NetworkMapSvg.Render(
            [new WebNode("a", "02aa", "up", 0, 0), new WebNode("b", "02bb", "down", 0, 2)],
            [new WebChannel("1x1x0", "a", "b", 1000, 250, 750, Closed: false)]));

        var lines = svg.Descendants(Svg + "line").ToList();
        double V(XElement e, string a) => double.Parse((string)e.Attribute(a)!, System.Globalization.CultureInfo.InvariantCulture);
        double Length(XElement e) => Math.Sqrt(Math.Pow(V(e, "x2") - V(e, "x1"), 2) + Math.Pow(V(e, "y2") - V(e, "y1"), 2));
        Assert.Equal(0.25, Length(lines[0]) / (Length(lines[0]) + Length(lines[1])), 2);
        Assert.Contains("✗ down", svg.ToString(), StringComparison.Ordinal);
        Assert.Contains("2 in flight", svg.ToString(), StringComparison.Ordinal);
    }

    private static IEnumerable<XElement> Groups(XDocument svg, string cls) =>
        svg.Descendants(Svg + "g").Where(g => ((string?)g.Attribute("class"))?.Split(' ').Contains(cls) == true);
}
