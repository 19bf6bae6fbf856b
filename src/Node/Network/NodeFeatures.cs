namespace LnRelay.Node.Network;

/// <summary>
/// What a node announces it supports: lnrelay's stand-in for BOLT 7 node_announcement
/// <c>features</c>, read from network.json's optional per-node <c>features</c> list
/// (docs/network-file.md). A payer reads them to route point-locked payments only through
/// nodes that forward them (docs/ptlc.md "Pathfinding"); a node offers no more in its
/// <c>init</c> than its entry lists. A node without a list announces <see cref="Default"/>:
/// what an lnrelay node's settings offer unless turned off.
/// </summary>
[Flags]
public enum NodeFeatures
{
    None = 0,

    /// <summary>BOLT 9 option_route_blinding (init feature 25): relays and receives inside blinded paths.</summary>
    RouteBlinding = 1,

    /// <summary>lnrelay-experimental point locks (init feature 315, docs/ptlc.md): forwards and receives PTLCs.</summary>
    PointLocks = 2,

    Default = RouteBlinding | PointLocks,
}

/// <summary>The names network.json and topology files give the features.</summary>
public static class NodeFeatureNames
{
    public const string RouteBlinding = "route_blinding";

    public const string PointLocks = "point_locks";

    /// <summary>Every name, for error messages.</summary>
    public static IReadOnlyList<string> All { get; } = [RouteBlinding, PointLocks];

    public static bool TryParse(string name, out NodeFeatures feature)
    {
        feature = name switch
        {
            RouteBlinding => NodeFeatures.RouteBlinding,
            PointLocks => NodeFeatures.PointLocks,
            _ => NodeFeatures.None,
        };
        return feature != NodeFeatures.None;
    }

    /// <summary>The list network.json holds for <paramref name="features"/>, in <see cref="All"/>'s order.</summary>
    public static List<string> ToNames(NodeFeatures features) =>
        [.. All.Where(n => TryParse(n, out var f) && features.HasFlag(f))];
}
