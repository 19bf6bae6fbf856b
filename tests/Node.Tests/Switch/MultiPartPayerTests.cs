using LnRelay.Node.MultiPart;
using LnRelay.Node.Network;
using LnRelay.Node.Payments;
using LnRelay.Sphinx.Failures;

namespace LnRelay.Node.Tests.Switch;

/// <summary>
/// The payer's side of BOLT 4 "Basic Multi-Part Payments" against real switches: a payer a
/// with three routes to e (through b, c and d), none of which carries the whole payment.
/// </summary>
public sealed class MultiPartPayerTests
{
    private const ulong Amount = 6_000_000;
    private const ulong Capacity = 4_000_000;
    private static readonly SplitPolicy Policy = new() { MinPartMsat = 100_000 };

    [Fact]
    public async Task A_payment_larger_than_any_route_succeeds_in_parts_over_different_routes_and_money_is_conserved()
    {
        var net = Diamond();
        var before = net.Nodes.ToDictionary(n => n.Name, n => n.LocalTotal);
        var invoice = net.Invoice("e", Amount);

        var result = await net.RunUntil(Payer(net).PayAsync(Request(invoice)));

        Assert.Equal(PaymentStatus.Succeeded, result.Status);
        var settled = result.Parts.Where(p => p.Outcome == PartOutcome.Settled).ToList();
        Assert.True(settled.Count >= 3, $"{settled.Count} parts");
        Assert.Equal(3, settled.Select(p => p.Route[1]).Distinct().Count());
        Assert.Equal(Amount, settled.Aggregate(0UL, (sum, p) => sum + p.AmountMsat));
        Assert.Equal(settled.Aggregate(0UL, (sum, p) => sum + p.FeeMsat), result.FeeMsat);
        Assert.Null(result.Route);
        Assert.NotNull(result.Split);

        // Conservation: what a paid is what e received plus what the relays kept, and nothing else moved.
        Assert.Equal(before["e"] + Amount, net["e"].LocalTotal);
        var relays = new[] { "b", "c", "d" }.Aggregate(0UL, (sum, n) => sum + (net[n].LocalTotal - before[n]));
        Assert.Equal(result.FeeMsat, relays);
        Assert.Equal(before["a"] - Amount - result.FeeMsat!.Value, net["a"].LocalTotal);
        Assert.All(net.Nodes, n => Assert.Equal(0, n.HtlcsInFlight));
        net.AssertInvariants();
        net.AssertEndsAgree();
    }

    [Fact]
    public async Task A_part_failing_mid_route_is_split_again_and_the_payment_still_succeeds()
    {
        // b holds only 1 M on its side towards e, which a cannot see: a 1.25 M part through b fails
        // there (5 M fits: 1 M through b, the rest through c and d).
        const ulong Smaller = 5_000_000;
        var net = Diamond(bTowardsE: 1_000_000);
        var invoice = net.Invoice("e", Smaller);

        var result = await net.RunUntil(Payer(net).PayAsync(Request(invoice)));

        Assert.Equal(PaymentStatus.Succeeded, result.Status);
        var failed = result.Parts.Where(p => p.Outcome == PartOutcome.Failed).ToList();
        Assert.NotEmpty(failed);
        Assert.All(failed, f => Assert.Equal(((int)FailureCode.TemporaryChannelFailure, "b"), (f.Failure!.Code, f.Failure.Node)));
        Assert.Equal(Smaller, result.Parts.Where(p => p.Outcome == PartOutcome.Settled).Aggregate(0UL, (sum, p) => sum + p.AmountMsat));
        Assert.Contains(result.Parts, p => p.Outcome == PartOutcome.Settled && p.Route[1] == "b" && p.AmountMsat < failed[0].AmountMsat);
        net.AssertInvariants();
    }

    [Fact]
    public async Task A_part_held_back_times_the_set_out_every_part_fails_with_mpp_timeout_and_nothing_is_paid()
    {
        var net = Diamond();
        var before = net.Nodes.ToDictionary(n => n.Name, n => n.LocalTotal);
        var invoice = net.Invoice("e", Amount);

        // The parts leave a at once; the one through d is held on d's link to e (a fault: the link stalls).
        var payment = Payer(net).PayAsync(Request(invoice));
        Assert.NotEmpty(net.Queued("a", "d"));
        while (net.DeliverNext("a", "d"))
        {
        }

        net.Disconnect("d", "e");
        net.PumpUntilQuiet();
        Assert.True(net["e"].Switch.HeldPartCount > 0);
        Assert.False(payment.IsCompleted);

        net.Time.Advance(PartSetBook.DefaultTimeout);
        Assert.Equal(1, net["e"].Switch.ExpirePartSets());
        net.PumpUntilQuiet();

        // The held-back part arrives late: it opens a new set, which times out in turn.
        net.Connect("d", "e");
        net.PumpUntilQuiet();
        net.Time.Advance(PartSetBook.DefaultTimeout);
        net["e"].Switch.ExpirePartSets();
        var result = await net.RunUntil(payment);

        Assert.Equal(PaymentStatus.Failed, result.Status);
        Assert.All(result.Parts, p => Assert.Equal((int)FailureCode.MppTimeout, p.Failure!.Code));
        Assert.Equal("mpp_timeout", result.Failure!.Name);
        Assert.Equal(before, net.Nodes.ToDictionary(n => n.Name, n => n.LocalTotal));
        Assert.True(net["e"].Invoices.TryGet(invoice.PaymentHash, out _), "nothing was paid");
    }

    [Fact]
    public async Task With_one_part_allowed_a_payment_no_route_carries_fails_with_no_route_as_before()
    {
        var net = Diamond();
        var invoice = net.Invoice("e", Amount);

        var result = await net.RunUntil(Payer(net).PayAsync(Request(invoice) with { Split = SplitPolicy.SinglePart }));

        Assert.Equal("no_route", result.Failure!.Name);
        Assert.Empty(result.Parts);
        Assert.Empty(result.Attempts);
    }

    /// <summary>a to e through b, c and d: each a side 2.5 M, each middle's side towards e 3 M (b's as given): no route carries 6 M.</summary>
    private static SwitchHarness Diamond(ulong bTowardsE = 3_000_000)
    {
        var channels = new List<ChannelDto>();
        var i = 1;
        foreach (var middle in new[] { "b", "c", "d" })
        {
            channels.Add(TestNetworks.Channel($"{i}x1x0", "a", middle, Capacity, 2_500_000, SwitchHarness.PolicyOf(0), SwitchHarness.PolicyOf(i)));
            channels.Add(TestNetworks.Channel($"{i}x2x0", middle, "e", Capacity, middle == "b" ? bTowardsE : 3_000_000, SwitchHarness.PolicyOf(i), SwitchHarness.PolicyOf(4)));
            i++;
        }

        return new SwitchHarness(["a", "b", "c", "d", "e"], channels);
    }

    private static Payer Payer(SwitchHarness net) => new(net["a"].Switch, new LnRelay.Node.Routing.PayerGraph(net.Graph), net.SessionKeys, new PaymentStore(), net.Time, net.Log.For("a"));

    private static PaymentRequest Request(Invoices.Invoice invoice) =>
        new("e", invoice.AmountMsat, invoice.PaymentHash, invoice.PaymentSecret, invoice.MinFinalCltvExpiryDelta) { Split = Policy };
}
