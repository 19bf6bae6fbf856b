using LnRelay.Crypto;

namespace LnRelay.Sphinx.Blinding;

/// <summary>One relay of a path the recipient writes: who, the channel it forwards on, its policy.</summary>
public readonly record struct BlindedRelaySpec(PublicKey NodeId, ShortChannelId OutgoingChannel, PaymentRelay Relay);

/// <summary>What a recipient publishes: the path and its aggregate fees (docs/blinded-paths.md).</summary>
public sealed record BlindedPaymentPath(BlindedPath Path, BlindedPayInfo PayInfo, IReadOnlyList<RecipientData> Plaintexts)
{
    /// <summary>
    /// Writes a payment path N_0 … N_r-1 → recipient (BOLT 4 "Route Blinding", requirements for
    /// the writer): every relay's blob gets its outgoing <c>short_channel_id</c>,
    /// <c>payment_relay</c> and <c>payment_constraints</c>, whose <c>max_cltv_expiry</c> is
    /// <paramref name="recipientMaxCltvExpiry"/> plus every delta between that hop and the
    /// recipient; the final blob gets <paramref name="pathId"/>. With
    /// <paramref name="dummyHops"/> &gt; 0 the recipient appears 1 + dummyHops times at the end:
    /// each of its layers but the last relays to itself by <c>next_node_id</c> with
    /// <paramref name="dummyRelay"/>, so it peels again, and only the last holds the path_id
    /// (it knows its final layer by path_id, never by position). Every blob is padded to one
    /// length. The pay info aggregates every relay, dummies included.
    /// </summary>
    public static BlindedPaymentPath Create(
        ReadOnlySpan<byte> pathSecret,
        IReadOnlyList<BlindedRelaySpec> relays,
        PublicKey recipient,
        ReadOnlySpan<byte> pathId,
        uint recipientMaxCltvExpiry,
        ulong htlcMinimumMsat,
        uint minFinalCltvExpiryDelta,
        int dummyHops = 0,
        PaymentRelay dummyRelay = default)
    {
        var plan = Plan(relays, recipient, pathId, recipientMaxCltvExpiry, htlcMinimumMsat, dummyHops, dummyRelay);
        var padded = RecipientDataPadding.PadToSameLength(plan.Data);
        var hops = plan.Nodes.Select((node, i) => new BlindedPathBuilder.Hop(node, padded[i].Encode())).ToArray();
        var path = BlindedPathBuilder.BuildWithPathSecret(pathSecret, hops, out _);
        return new BlindedPaymentPath(path, BlindedPayInfo.Aggregate(plan.Policies, minFinalCltvExpiryDelta), padded);
    }

    /// <summary>The unpadded plaintexts of <see cref="Create"/>, their real node ids and the relays' policies (in path order).</summary>
    internal static (List<PublicKey> Nodes, List<RecipientData> Data, List<PaymentRelay> Policies) Plan(
        IReadOnlyList<BlindedRelaySpec> relays,
        PublicKey recipient,
        ReadOnlySpan<byte> pathId,
        uint recipientMaxCltvExpiry,
        ulong htlcMinimumMsat,
        int dummyHops,
        PaymentRelay dummyRelay)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(dummyHops);
        var nodes = new List<PublicKey>();
        var data = new List<RecipientData>();
        var policies = new List<PaymentRelay>();
        foreach (var relay in relays)
        {
            nodes.Add(relay.NodeId);
            data.Add(new RecipientData { ShortChannelId = relay.OutgoingChannel, PaymentRelay = relay.Relay, AllowedFeatures = [] });
            policies.Add(relay.Relay);
        }

        for (var i = 0; i < dummyHops; i++)
        {
            nodes.Add(recipient);
            data.Add(new RecipientData { NextNodeId = recipient, PaymentRelay = dummyRelay, AllowedFeatures = [] });
            policies.Add(dummyRelay);
        }

        nodes.Add(recipient);
        data.Add(new RecipientData { PathId = pathId.ToArray(), AllowedFeatures = [] });

        // From the recipient back towards N_0, each hop may receive its successor's maximum plus its own delta.
        var maxCltv = recipientMaxCltvExpiry;
        for (var i = data.Count - 1; i >= 0; i--)
        {
            if (i < policies.Count)
            {
                maxCltv = checked(maxCltv + policies[i].CltvExpiryDelta);
            }

            data[i] = data[i] with { PaymentConstraints = new PaymentConstraints(maxCltv, htlcMinimumMsat) };
        }

        return (nodes, data, policies);
    }
}
