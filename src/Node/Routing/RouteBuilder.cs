using LnRelay.Node.Network;

namespace LnRelay.Node.Routing;

/// <summary>
/// Computes each hop's amounts and expiries backwards from the payee (BOLT 7
/// "Recommendations for Routing", BOLT 4 "Payload for the Last Node"): the final
/// hop receives exactly the amount and the final expiry; each relay j is paid the
/// fee of the policy of its OUTGOING channel, computed on the amount it forwards,
/// and receives an expiry larger by that policy's cltv_expiry_delta.
/// </summary>
internal static class RouteBuilder
{
    /// <param name="origin">The paying node.</param>
    /// <param name="path">Edges from the origin to the payee, in order.</param>
    /// <param name="amountMsat">What the payee must receive.</param>
    /// <param name="finalCltvExpiry">The payee's expiry: height + min_final_cltv_expiry_delta (+ any shadow offset).</param>
    /// <param name="noise">
    /// Called once per relay, from the payee back, with the amount that relay forwards: what the
    /// payer adds on top of the relay's fee and cltv_expiry_delta (docs/privacy.md "Per-hop fee and
    /// CLTV noise"); null for none. A relay checks fee ≥ and delta ≥ its policy (BOLT 4), so the
    /// route stays valid, and each relay upstream charges its fee on the larger amount.
    /// </param>
    public static Route Build(NetworkNode origin, IReadOnlyList<GraphEdge> path, ulong amountMsat, uint finalCltvExpiry, Func<ulong, (ulong ExtraFeeMsat, uint ExtraDeltaBlocks)>? noise = null)
    {
        if (path.Count == 0)
        {
            throw new ArgumentException("A route needs at least one channel.", nameof(path));
        }

        var hops = new RouteHop[path.Count];
        var forward = amountMsat;
        var outgoingCltv = finalCltvExpiry;
        checked
        {
            for (var i = path.Count - 1; i >= 0; i--)
            {
                var edge = path[i];
                var isFinal = i == path.Count - 1;
                ulong incoming;
                uint incomingCltv;
                if (isFinal)
                {
                    incoming = forward;
                    incomingCltv = outgoingCltv;
                }
                else
                {
                    // This hop forwards over path[i + 1] under its own policy for that channel.
                    var policy = path[i + 1].Policy;
                    var (extraFee, extraDelta) = noise?.Invoke(forward) ?? (0, 0);
                    incoming = forward + policy.FeeFor(forward) + extraFee;
                    incomingCltv = outgoingCltv + policy.CltvExpiryDelta + extraDelta;
                }

                hops[i] = new RouteHop(
                    edge.To,
                    edge.ShortChannelId,
                    incoming,
                    incomingCltv,
                    isFinal ? null : path[i + 1].ShortChannelId,
                    forward,
                    outgoingCltv);
                forward = incoming;
                outgoingCltv = incomingCltv;
            }
        }

        return new Route(origin, hops) { Path = path };
    }
}
