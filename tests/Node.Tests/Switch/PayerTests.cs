using System.Security.Cryptography;
using LnRelay.Node.Invoices;
using LnRelay.Node.Network;
using LnRelay.Node.Payments;
using LnRelay.Node.Routing;
using LnRelay.Node.Switch;
using LnRelay.Sphinx;
using LnRelay.Sphinx.Failures;

namespace LnRelay.Node.Tests.Switch;

/// <summary>The origin's retry logic (BOLT 4 "Receiving Failure Codes") against real switches.</summary>
public sealed class PayerTests
{
    private const ulong Amount = 2_000_000;
    private const ulong Capacity = 20_000_000;

    [Fact]
    public async Task Fee_insufficient_with_a_newer_channel_update_is_retried_with_that_fee_and_succeeds()
    {
        var net = SwitchHarness.Line(3);
        var invoice = net.Invoice("c", Amount);
        var bToC = ShortChannelId.Parse("2x1x0");
        var oldPolicy = net["b"].ChannelTo("c").LocalPolicy;
        var raised = oldPolicy with { FeeBaseMsat = 25_000, FeeProportionalMillionths = 2_000 };
        Assert.True(net["b"].Switch.TrySetPolicy(bToC, raised));

        var graph = new PayerGraph(net.Graph);
        var payer = Payer(net, "a", graph);
        var result = await net.RunUntil(payer.PayAsync(Request(invoice, "c")));

        Assert.Equal(PaymentStatus.Succeeded, result.Status);
        Assert.Equal(2, result.Attempts.Count);
        var first = result.Attempts[0].Failure!;
        Assert.Equal((int)FailureCode.FeeInsufficient, first.Code);
        Assert.Equal(0, first.Hop);
        Assert.Equal("b", first.Node);
        Assert.Equal(raised.FeeFor(Amount), result.FeeMsat);
        Assert.Null(result.Attempts[1].Failure);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Convert.FromHexString(result.Preimage!))), Convert.ToHexStringLower(invoice.PaymentHash));
        Assert.Equal(net.InitialLocalTotal("b") + raised.FeeFor(Amount), net["b"].LocalTotal);

        // The update served that payment only (no gossip would ever say the fee went back down): the
        // shared graph and a's own view keep the old policy, so a's next payment learns it again.
        Assert.Equal(oldPolicy, net.Graph.EdgesInto("c").Single(e => e.From.Name == "b").Policy);
        Assert.Equal(oldPolicy, graph.PolicyOf(bToC, "b"));
        var again = await net.RunUntil(payer.PayAsync(Request(net.Invoice("c", Amount), "c")));
        Assert.Equal(PaymentStatus.Succeeded, again.Status);
        Assert.Equal(2, again.Attempts.Count);
        Assert.Equal(raised.FeeFor(Amount), again.FeeMsat);
    }

    [Fact]
    public async Task Temporary_node_failure_excludes_the_node_and_the_retry_routes_around_it()
    {
        var net = Diamond();
        var invoice = net.Invoice("c", Amount);
        net["b"].Switch.Faults = new FaultInjectionOptions { RefuseToForward = true };

        var result = await net.RunUntil(Payer(net, "a").PayAsync(Request(invoice, "c")));

        Assert.Equal(PaymentStatus.Succeeded, result.Status);
        Assert.Equal(2, result.Attempts.Count);
        Assert.Equal(["a", "b", "c"], result.Attempts[0].Route);
        Assert.Equal("temporary_node_failure", result.Attempts[0].Failure!.Name);
        Assert.Equal("b", result.Attempts[0].Failure!.Node);
        Assert.Equal(["a", "d", "c"], result.Route);
        Assert.Equal(net.InitialLocalTotal("b"), net["b"].LocalTotal);
        Assert.Equal(net.InitialLocalTotal("c") + Amount, net["c"].LocalTotal);
        Assert.All(net.Nodes, n => Assert.Equal(0, n.HtlcsInFlight));
    }

    [Fact]
    public async Task Temporary_channel_failure_carrying_the_policy_already_used_excludes_that_channel_at_once()
    {
        var net = Diamond();
        var invoice = net.Invoice("c", Amount);
        net.Disconnect("b", "c");

        var result = await net.RunUntil(Payer(net, "a").PayAsync(Request(invoice, "c")));

        Assert.Equal(PaymentStatus.Succeeded, result.Status);
        Assert.Equal(2, result.Attempts.Count);
        Assert.Equal("temporary_channel_failure", result.Attempts[0].Failure!.Name);
        Assert.Equal("b", result.Attempts[0].Failure!.Node);
        Assert.Equal(["a", "d", "c"], result.Route);
    }

    [Fact]
    public async Task Failure_from_the_payee_ends_the_payment_after_one_attempt_although_another_route_exists()
    {
        var net = Diamond();
        var invoice = net.Invoice("c", Amount);
        var request = Request(invoice, "c") with { PaymentSecret = new byte[32] };

        var result = await net.RunUntil(Payer(net, "a").PayAsync(request));

        Assert.Equal(PaymentStatus.Failed, result.Status);
        Assert.Single(result.Attempts);
        Assert.Equal("incorrect_or_unknown_payment_details", result.Failure!.Name);
        Assert.Equal(1, result.Failure.Hop);
        Assert.Equal("c", result.Failure.Node);
        Assert.Equal(net.InitialLocalTotal("a"), net["a"].LocalTotal);
    }

    [Fact]
    public async Task Amount_no_channel_can_carry_fails_with_no_route_and_sends_nothing()
    {
        var net = Diamond();
        var invoice = net.Invoice("c", Capacity);

        var result = await net.RunUntil(Payer(net, "a").PayAsync(Request(invoice, "c")));

        Assert.Equal(PaymentStatus.Failed, result.Status);
        Assert.Equal("no_route", result.Failure!.Name);
        Assert.Equal(PaymentFailureKind.NoRoute, result.Failure.Kind);
        Assert.Equal(PaymentFailure.NoWireCode, result.Failure.Code);
        Assert.Equal(PaymentFailure.NotSent, result.Failure.Hop);
        Assert.Empty(result.Attempts);
        Assert.Empty(net.Delivered);
    }

    [Fact]
    public async Task Every_route_failing_at_relays_ends_with_the_last_failure_once_nothing_is_left()
    {
        var net = Diamond();
        var invoice = net.Invoice("c", Amount);
        net["b"].Switch.Faults = new FaultInjectionOptions { RefuseToForward = true };
        net["d"].Switch.Faults = new FaultInjectionOptions { RefuseToForward = true };

        var result = await net.RunUntil(Payer(net, "a").PayAsync(Request(invoice, "c")));

        Assert.Equal(PaymentStatus.Failed, result.Status);
        Assert.Equal(2, result.Attempts.Count);
        Assert.Equal("temporary_node_failure", result.Failure!.Name);
        Assert.Equal(net.InitialLocalTotal("a"), net["a"].LocalTotal);
    }

    /// <summary>a - b - c (cheap, b charges 1000 msat + 100 ppm) and a - d - c (d charges 30 000 msat).</summary>
    private static SwitchHarness Diamond()
    {
        var expensive = new PolicyDto { FeeBaseMsat = 30_000, FeeProportionalMillionths = 1_000, CltvExpiryDelta = 40 };
        return new SwitchHarness(
            ["a", "b", "c", "d"],
            [
                TestNetworks.Channel("1x1x0", "a", "b", Capacity, Capacity / 2, SwitchHarness.PolicyOf(0), SwitchHarness.PolicyOf(1)),
                TestNetworks.Channel("2x1x0", "b", "c", Capacity, Capacity / 2, SwitchHarness.PolicyOf(1), SwitchHarness.PolicyOf(2)),
                TestNetworks.Channel("3x1x0", "a", "d", Capacity, Capacity / 2, SwitchHarness.PolicyOf(0), expensive),
                TestNetworks.Channel("4x1x0", "d", "c", Capacity, Capacity / 2, expensive, SwitchHarness.PolicyOf(2)),
            ]);
    }

    private static Payer Payer(SwitchHarness net, string origin, PayerGraph? graph = null) =>
        new(net[origin].Switch, graph ?? new PayerGraph(net.Graph), net.SessionKeys, new PaymentStore(), net.Time, net.Log.For(origin));

    private static PaymentRequest Request(Invoice invoice, string payee) =>
        new(payee, invoice.AmountMsat, invoice.PaymentHash, invoice.PaymentSecret, invoice.MinFinalCltvExpiryDelta);
}
