using LnRelay.Node.Network;
using LnRelay.Sphinx;

namespace LnRelay.Node.Routing;

/// <summary>
/// One hop of a route as the origin computed it: the node reached, the channel used
/// to reach it, and what its onion payload says (BOLT 4 "payload format").
/// For the final hop <see cref="OutgoingChannel"/> is null.
/// </summary>
internal sealed record RouteHop(
    NetworkNode Node,
    ShortChannelId IncomingChannel,
    ulong IncomingAmountMsat,
    uint IncomingCltvExpiry,
    ShortChannelId? OutgoingChannel,
    ulong AmountToForwardMsat,
    uint OutgoingCltvValue)
{
    public bool IsFinal => OutgoingChannel is null;
}

/// <summary>A route from the origin to the payee with amounts and expiries computed backwards (BOLT 7 "Routing Example").</summary>
internal sealed record Route(NetworkNode Origin, IReadOnlyList<RouteHop> Hops)
{
    /// <summary>The channel directions the route was built from, with the policies it used (<see cref="RouteBuilder"/>).</summary>
    public IReadOnlyList<GraphEdge> Path { get; init; } = [];

    /// <summary>The first HTLC: what the origin offers on its own channel.</summary>
    public RouteHop First => Hops[0];

    public RouteHop Final => Hops[^1];

    /// <summary>Fees paid to relays: what the origin sends minus what the payee receives.</summary>
    public ulong FeeMsat => First.IncomingAmountMsat - Final.AmountToForwardMsat;

    /// <summary>Node names from origin to payee.</summary>
    public IReadOnlyList<string> NodeNames
    {
        get
        {
            var names = new string[Hops.Count + 1];
            names[0] = Origin.Name;
            for (var i = 0; i < Hops.Count; i++)
            {
                names[i + 1] = Hops[i].Node.Name;
            }

            return names;
        }
    }

    public override string ToString() => string.Join(" -> ", NodeNames);
}
