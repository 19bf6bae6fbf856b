using LnRelay.Node.Network;

namespace LnRelay.Integration.Tests.EndToEnd;

/// <summary>
/// What each node of a successful route gains or pays, computed by the test from the
/// channels' policies (BOLT 7 "HTLC Fees": a relay charges fee_base_msat +
/// amt_to_forward * fee_proportional_millionths / 1e6 under the policy of the channel it
/// forwards over, counted backwards from the payee), independently of the payer's arithmetic.
/// </summary>
internal sealed class RouteFees(IReadOnlyList<ChannelDto> channels)
{
    private readonly Dictionary<(string From, string To), PolicyDto> _overrides = [];

    /// <summary>Uses <paramref name="policy"/> for HTLCs from <paramref name="from"/> to <paramref name="to"/> (a policy changed through the API).</summary>
    public void Override(string from, string to, PolicyDto policy) => _overrides[(from, to)] = policy;

    public PolicyDto PolicyOf(string from, string to)
    {
        if (_overrides.TryGetValue((from, to), out var changed))
        {
            return changed;
        }

        var channel = channels.Single(c => !c.Closed && ((c.Node1 == from && c.Node2 == to) || (c.Node1 == to && c.Node2 == from)));
        return channel.Node1 == from ? channel.Node1Policy : channel.Node2Policy;
    }

    /// <summary>The fee each relay of <paramref name="route"/> (origin first) keeps when the payee receives <paramref name="amountMsat"/>; the origin and payee keep none.</summary>
    public IReadOnlyDictionary<string, ulong> RelayFees(IReadOnlyList<string> route, ulong amountMsat)
    {
        var fees = new Dictionary<string, ulong>(StringComparer.Ordinal);
        var forward = amountMsat;
        for (var i = route.Count - 2; i >= 1; i--)
        {
            var policy = PolicyOf(route[i], route[i + 1]);
            var fee = checked(policy.FeeBaseMsat + (ulong)((UInt128)forward * policy.FeeProportionalMillionths / 1_000_000));
            fees[route[i]] = fee;
            forward = checked(forward + fee);
        }

        return fees;
    }

    public ulong TotalFee(IReadOnlyList<string> route, ulong amountMsat) => RelayFees(route, amountMsat).Values.Aggregate(0UL, (a, b) => checked(a + b));

    /// <summary>Adds to <paramref name="deltas"/> what one successful payment moved: the payer pays amount + fees, each relay keeps its fee, the payee receives the amount.</summary>
    public void Apply(Dictionary<string, long> deltas, IReadOnlyList<string> route, ulong amountMsat)
    {
        var fees = RelayFees(route, amountMsat);
        var total = fees.Values.Aggregate(0UL, (a, b) => checked(a + b));
        Add(deltas, route[0], -checked((long)(amountMsat + total)));
        Add(deltas, route[^1], (long)amountMsat);
        foreach (var (relay, fee) in fees)
        {
            Add(deltas, relay, (long)fee);
        }
    }

    /// <summary>What the successful payments among <paramref name="payments"/> moved, node by node (see <see cref="Apply"/>); failed ones moved nothing.</summary>
    public Dictionary<string, long> Deltas(IEnumerable<PaymentOutcome> payments)
    {
        var deltas = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var paid in payments.Where(p => p.Succeeded))
        {
            Apply(deltas, paid.Route!, paid.AmountMsat);
        }

        return deltas;
    }

    private static void Add(Dictionary<string, long> deltas, string node, long amount) =>
        deltas[node] = checked(deltas.GetValueOrDefault(node) + amount);
}
