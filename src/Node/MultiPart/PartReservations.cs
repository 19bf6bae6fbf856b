using LnRelay.Node.Routing;

namespace LnRelay.Node.MultiPart;

/// <summary>
/// What a multi-part payment's parts in flight take of each channel direction, kept in the
/// payment's <see cref="PathConstraints"/> so that the next part is routed around them
/// (docs/mpp.md): relays' channels through <see cref="PathConstraints.InFlightMsat"/>, the
/// payer's own channel through its balance (which the switch lowers once the part is offered).
/// </summary>
internal static class PartReservations
{
    public static void Reserve(PathConstraints constraints, Route route)
    {
        var first = route.First.IncomingChannel.Value;
        if (constraints.OriginBalances.TryGetValue(first, out var balance))
        {
            constraints.OriginBalances[first] = balance - Math.Min(balance, route.First.IncomingAmountMsat);
        }

        foreach (var (key, amount) in Uses(route))
        {
            constraints.InFlightMsat[key] = constraints.InFlightMsat.GetValueOrDefault(key) + amount;
        }
    }

    public static void Release(PathConstraints constraints, Route route)
    {
        foreach (var (key, amount) in Uses(route))
        {
            var left = constraints.InFlightMsat.GetValueOrDefault(key) - Math.Min(constraints.InFlightMsat.GetValueOrDefault(key), amount);
            if (left == 0)
            {
                constraints.InFlightMsat.Remove(key);
            }
            else
            {
                constraints.InFlightMsat[key] = left;
            }
        }
    }

    /// <summary>Each relay's channel direction on the route, by (scid, from node), and the amount the part puts on it.</summary>
    public static IEnumerable<((ulong Scid, string From) Key, ulong AmountMsat)> Uses(Route route)
    {
        for (var i = 1; i < route.Hops.Count; i++)
        {
            yield return ((route.Hops[i].IncomingChannel.Value, route.Hops[i - 1].Node.Name), route.Hops[i].IncomingAmountMsat);
        }
    }
}
