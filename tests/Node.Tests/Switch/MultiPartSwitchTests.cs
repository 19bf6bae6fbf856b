using LnRelay.Node.MultiPart;
using LnRelay.Node.Network;
using LnRelay.Node.Switch;
using LnRelay.Sphinx.Failures;
using LnRelay.Transport.Messages;

namespace LnRelay.Node.Tests.Switch;

/// <summary>
/// BOLT 4 "Basic Multi-Part Payments", the receiver's requirements, one test per clause, on a
/// payer a with three disjoint routes to the payee e (through b, c and d); the clock is the harness's.
/// </summary>
public sealed class MultiPartSwitchTests
{
    private const ulong Total = 3_000_000;
    private const ulong Capacity = 4_000_000;

    [Fact]
    public void If_the_total_of_the_set_is_less_than_total_msat_MUST_NOT_fulfill_any_and_once_it_reaches_it_fulfills_the_entire_set()
    {
        var net = Diamond();
        var invoice = net.Invoice("e", Total);

        var first = Part(net, invoice, 1_000_000, "b");
        var second = Part(net, invoice, 1_200_000, "c");
        net.PumpUntilQuiet();
        Assert.False(first.Task.IsCompleted || second.Task.IsCompleted, "a part settled before the set was complete");
        Assert.Empty(FulfilsFrom(net, "e"));
        Assert.Equal(2, net["e"].Switch.HeldPartCount);

        var third = Part(net, invoice, 800_000, "d");
        net.PumpUntilQuiet();

        Assert.All([first, second, third], a => Assert.Equal(AttemptOutcomeKind.Fulfilled, a.Outcome.Kind));
        // The three fulfils left e in one decision: one after the other, nothing of e's in between.
        var fromE = net.Delivered.Where(d => d.From == "e").ToList();
        Assert.Equal(3, fromE.Count(d => d.Message is UpdateFulfillHtlcMessage));
        Assert.Equal(0, net["e"].Switch.HeldPartCount);
        Assert.False(net["e"].Invoices.TryGet(invoice.PaymentHash, out _), "the invoice is paid");
        Assert.Single(net.Log.Named("MppSetCompleted", "e"));
        net.AssertInvariants();
        net.AssertEndsAgree();
    }

    [Fact]
    public void If_the_set_is_incomplete_MUST_fail_all_HTLCs_after_a_timeout_with_mpp_timeout_and_SHOULD_wait_at_least_60_seconds()
    {
        var net = Diamond();
        var invoice = net.Invoice("e", Total);
        var before = net.Nodes.ToDictionary(n => n.Name, n => n.LocalTotal);
        var first = Part(net, invoice, 1_000_000, "b");
        var second = Part(net, invoice, 1_000_000, "c");
        net.PumpUntilQuiet();

        net.Time.Advance(PartSetBook.DefaultTimeout - TimeSpan.FromMilliseconds(1));
        Assert.Equal(0, net["e"].Switch.ExpirePartSets());
        net.PumpUntilQuiet();
        Assert.False(first.Task.IsCompleted || second.Task.IsCompleted);

        net.Time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, net["e"].Switch.ExpirePartSets());
        net.PumpUntilQuiet();

        foreach (var part in new[] { first, second })
        {
            var failure = part.DecodeFailure();
            Assert.Equal(FailureCode.MppTimeout, failure.Message!.Code);
            Assert.Equal(1, failure.HopIndex);
        }

        Assert.Equal(before, net.Nodes.ToDictionary(n => n.Name, n => n.LocalTotal));
        Assert.All(net.Nodes, n => Assert.Equal(0, n.HtlcsInFlight));
        Assert.True(net["e"].Invoices.TryGet(invoice.PaymentHash, out _), "nothing was paid: the invoice stays open");
    }

    [Fact]
    public void SHOULD_fail_the_entire_HTLC_set_if_total_msat_is_not_the_same_for_all_parts()
    {
        var net = Diamond();
        var invoice = net.Invoice("e", Total);
        var first = Part(net, invoice, 1_000_000, "b");
        net.PumpUntilQuiet();

        var odd = Part(net, invoice, 1_000_000, "c", total: Total + 1);
        net.PumpUntilQuiet();

        Assert.Equal(FailureCode.IncorrectOrUnknownPaymentDetails, first.DecodeFailure().Message!.Code);
        Assert.Equal(FailureCode.IncorrectOrUnknownPaymentDetails, odd.DecodeFailure().Message!.Code);
        Assert.Equal(0, net["e"].Switch.HeldPartCount);
        Assert.Equal(2, net.Log.Named("HtlcFailed", "e").Count(e => e.Properties["LocalCause"] is "mpp_total_mismatch"));
    }

    [Fact]
    public void MUST_require_payment_secret_for_all_HTLCs_in_the_set_a_part_without_it_or_with_a_wrong_one_fails_alone()
    {
        var net = Diamond();
        var invoice = net.Invoice("e", Total);
        var good = Part(net, invoice, 1_000_000, "b");
        var wrong = invoice.PaymentSecret.ToArray();
        wrong[^1] ^= 1;

        var bad = Part(net, invoice, 1_000_000, "c", secret: wrong);
        net.PumpUntilQuiet();

        Assert.Equal(FailureCode.IncorrectOrUnknownPaymentDetails, bad.DecodeFailure().Message!.Code);
        Assert.False(good.Task.IsCompleted, "the good part stays held");
        Assert.Equal(1, net["e"].Switch.HeldPartCount);
    }

    [Fact]
    public void Without_basic_mpp_MUST_fail_if_total_msat_is_not_exactly_equal_to_amt_to_forward()
    {
        var net = Diamond(new SwitchOptions { AcceptMultiPart = false });
        var invoice = net.Invoice("e", Total);

        var part = Part(net, invoice, 1_000_000, "b");
        net.PumpUntilQuiet();

        Assert.Equal(FailureCode.IncorrectOrUnknownPaymentDetails, part.DecodeFailure().Message!.Code);
        Assert.Equal("wrong_amount", ForwardingFailureTests.LocalCause(net, "e"));
    }

    [Fact]
    public void The_amount_paid_is_total_msat_a_total_below_the_invoice_amount_fails()
    {
        var net = Diamond();
        var invoice = net.Invoice("e", Total);

        var part = Part(net, invoice, 1_000_000, "b", total: Total - 1);
        net.PumpUntilQuiet();

        Assert.Equal(FailureCode.IncorrectOrUnknownPaymentDetails, part.DecodeFailure().Message!.Code);
        Assert.Equal(0, net["e"].Switch.HeldPartCount);
    }

    [Fact]
    public void Overpaying_by_less_than_the_smallest_part_settles_and_money_is_conserved_on_every_channel()
    {
        var net = Diamond();
        var invoice = net.Invoice("e", Total);
        var totals = net.Nodes.ToDictionary(n => n.Name, n => n.LocalTotal);

        var parts = new[] { Part(net, invoice, 1_500_000, "b"), Part(net, invoice, 1_000_000, "c"), Part(net, invoice, 600_000, "d") };
        net.PumpUntilQuiet();

        Assert.All(parts, a => Assert.Equal(AttemptOutcomeKind.Fulfilled, a.Outcome.Kind));
        var received = net["e"].LocalTotal - totals["e"];
        var sent = totals["a"] - net["a"].LocalTotal;
        var fees = new[] { "b", "c", "d" }.Aggregate(0UL, (sum, n) => sum + (net[n].LocalTotal - totals[n]));
        Assert.Equal(3_100_000UL, received);
        Assert.Equal(sent, received + fees);
        Assert.Equal(parts.Aggregate(0UL, (sum, p) => sum + p.Route.FeeMsat), fees);
        net.AssertInvariants();
        net.AssertEndsAgree();
    }

    /// <summary>a to e over three disjoint two-hop routes, through b, c and d.</summary>
    internal static SwitchHarness Diamond(SwitchOptions? options = null)
    {
        var channels = new List<ChannelDto>();
        var i = 1;
        foreach (var middle in new[] { "b", "c", "d" })
        {
            channels.Add(TestNetworks.Channel($"{i}x1x0", "a", middle, Capacity, Capacity / 2 + 500_000, SwitchHarness.PolicyOf(0), SwitchHarness.PolicyOf(i)));
            channels.Add(TestNetworks.Channel($"{i}x2x0", middle, "e", Capacity, Capacity / 2, SwitchHarness.PolicyOf(i), SwitchHarness.PolicyOf(4)));
            i++;
        }

        return new SwitchHarness(["a", "b", "c", "d", "e"], channels, options);
    }

    internal static Attempt Part(SwitchHarness net, Invoices.Invoice invoice, ulong amount, string through, ulong? total = null, byte[]? secret = null)
    {
        var route = net.RouteThrough(amount, null, "a", through, "e");
        return net.Start(route, invoice.PaymentHash, SwitchHarness.Payloads(route, secret ?? invoice.PaymentSecret, total ?? invoice.AmountMsat));
    }

    private static List<Envelope> FulfilsFrom(SwitchHarness net, string node) =>
        [.. net.Delivered.Concat(net.AllQueued()).Where(e => e.From == node && e.Message is UpdateFulfillHtlcMessage)];
}
