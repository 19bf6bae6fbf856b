using System.Security.Cryptography;
using LnRelay.Node.Switch;
using LnRelay.Sphinx.Failures;
using LnRelay.Sphinx.Payloads;

namespace LnRelay.Node.Tests.Switch;

/// <summary>The payee's refusals (BOLT 4 "Failure Messages" and "Payload for the Last Node") on a - b - c, c final at hop index 1.</summary>
public sealed class FinalHopFailureTests
{
    private const ulong Amount = 700_000;
    private const int FinalHop = 1;

    [Fact]
    public void Unknown_payment_hash_fails_with_incorrect_or_unknown_payment_details_carrying_amount_and_height()
    {
        var net = SwitchHarness.Line(3);
        var route = net.RouteThrough(Amount, null, "a", "b", "c");
        var hash = SHA256.HashData("nobody issued this"u8);

        var failure = ForwardingFailureTests.Fail(net, net.Start(route, hash, SwitchHarness.Payloads(route, new byte[32], Amount)), FinalHop);

        AssertUnknownDetails(failure, route.Final.IncomingAmountMsat, SwitchHarness.StartHeight);
        Assert.Equal("unknown_invoice", ForwardingFailureTests.LocalCause(net, "c"));
    }

    [Fact]
    public void Wrong_payment_secret_fails_with_incorrect_or_unknown_payment_details()
    {
        var net = SwitchHarness.Line(3);
        var invoice = net.Invoice("c", Amount);
        var route = net.RouteThrough(Amount, null, "a", "b", "c");
        var secret = invoice.PaymentSecret.ToArray();
        secret[0] ^= 1;

        var failure = ForwardingFailureTests.Fail(net, net.Start(route, invoice.PaymentHash, SwitchHarness.Payloads(route, secret, Amount)), FinalHop);

        AssertUnknownDetails(failure, Amount, SwitchHarness.StartHeight);
        // One code for the payer on purpose (BOLT 4); the payee's own log says which check refused.
        Assert.Equal("wrong_payment_secret", ForwardingFailureTests.LocalCause(net, "c"));
        Assert.True(net["c"].Invoices.TryGet(invoice.PaymentHash, out _), "a refused HTLC leaves the invoice open");
    }

    [Fact]
    public void Missing_payment_secret_fails_with_incorrect_or_unknown_payment_details()
    {
        var net = SwitchHarness.Line(3);
        var invoice = net.Invoice("c", Amount);
        var route = net.RouteThrough(Amount, null, "a", "b", "c");

        var failure = ForwardingFailureTests.Fail(net, net.Start(route, invoice.PaymentHash, SwitchHarness.Payloads(route, null, Amount)), FinalHop);

        AssertUnknownDetails(failure, Amount, SwitchHarness.StartHeight);
    }

    [Fact]
    public void Paying_less_than_the_invoice_fails_with_incorrect_or_unknown_payment_details()
    {
        var net = SwitchHarness.Line(3);
        var invoice = net.Invoice("c", Amount);
        var route = net.RouteThrough(Amount - 1, null, "a", "b", "c");

        var failure = ForwardingFailureTests.Fail(net, net.Start(route, invoice.PaymentHash, SwitchHarness.Payloads(route, invoice.PaymentSecret, Amount - 1)), FinalHop);

        AssertUnknownDetails(failure, Amount - 1, SwitchHarness.StartHeight);
    }

    [Fact]
    public void Htlc_below_the_onion_amount_fails_with_final_incorrect_htlc_amount_carrying_the_incoming_amount()
    {
        var net = SwitchHarness.Line(3);
        var invoice = net.Invoice("c", Amount);
        var route = net.RouteThrough(Amount, null, "a", "b", "c");
        var payloads = SwitchHarness.Payloads(route, invoice.PaymentSecret, Amount);
        payloads[FinalHop] = new FinalPayload(Amount + 1, route.Final.OutgoingCltvValue, invoice.PaymentSecret, Amount + 1);

        var failure = ForwardingFailureTests.Fail(net, net.Start(route, invoice.PaymentHash, payloads), FinalHop);

        Assert.Equal(FailureCode.FinalIncorrectHtlcAmount, failure.Code);
        Assert.Equal(Amount, failure.HtlcMsat);
    }

    [Fact]
    public void Htlc_expiry_below_the_onion_value_fails_with_final_incorrect_cltv_expiry_carrying_the_incoming_expiry()
    {
        var net = SwitchHarness.Line(3);
        var invoice = net.Invoice("c", Amount);
        var route = net.RouteThrough(Amount, null, "a", "b", "c");
        var payloads = SwitchHarness.Payloads(route, invoice.PaymentSecret, Amount);
        payloads[FinalHop] = new FinalPayload(Amount, route.Final.OutgoingCltvValue + 1, invoice.PaymentSecret, Amount);

        var failure = ForwardingFailureTests.Fail(net, net.Start(route, invoice.PaymentHash, payloads), FinalHop);

        Assert.Equal(FailureCode.FinalIncorrectCltvExpiry, failure.Code);
        Assert.Equal(route.Final.IncomingCltvExpiry, failure.CltvExpiry);
    }

    [Fact]
    public void Expiry_closer_than_min_final_cltv_expiry_delta_fails_with_incorrect_or_unknown_payment_details_at_the_current_height()
    {
        var net = SwitchHarness.Line(3);
        net.SetHeight(SwitchHarness.StartHeight + 7);
        var invoice = net.Invoice("c", Amount);
        var route = net.RouteThrough(Amount, net.Height + SwitchHarness.MinFinalDelta - 1, "a", "b", "c");

        var failure = ForwardingFailureTests.Fail(net, net.Start(route, invoice.PaymentHash, SwitchHarness.Payloads(route, invoice.PaymentSecret, Amount)), FinalHop);

        AssertUnknownDetails(failure, Amount, SwitchHarness.StartHeight + 7);
    }

    [Fact]
    public void Expiry_exactly_min_final_cltv_expiry_delta_ahead_is_accepted()
    {
        var net = SwitchHarness.Line(3);
        var invoice = net.Invoice("c", Amount);
        var route = net.RouteThrough(Amount, net.Height + SwitchHarness.MinFinalDelta, "a", "b", "c");

        var attempt = net.Start(route, invoice.PaymentHash, SwitchHarness.Payloads(route, invoice.PaymentSecret, Amount));
        net.PumpUntilQuiet();

        Assert.Equal(AttemptOutcomeKind.Fulfilled, attempt.Outcome.Kind);
    }

    [Fact]
    public void Second_payment_of_an_already_paid_hash_is_refused_and_moves_no_money()
    {
        var net = SwitchHarness.Line(3);
        var invoice = net.Invoice("c", Amount);
        var first = net.Pay(invoice, "a", "b", "c");
        net.PumpUntilQuiet();
        Assert.Equal(AttemptOutcomeKind.Fulfilled, first.Outcome.Kind);
        var after = net.Nodes.ToDictionary(n => n.Name, n => n.LocalTotal);

        var second = net.Pay(invoice, "a", "b", "c");
        net.PumpUntilQuiet();

        var decoded = second.DecodeFailure();
        Assert.Equal(FinalHop, decoded.HopIndex);
        AssertUnknownDetails(decoded.Message!, Amount, SwitchHarness.StartHeight);
        foreach (var node in net.Nodes)
        {
            Assert.Equal(after[node.Name], node.LocalTotal);
            Assert.Equal(0, node.HtlcsInFlight);
        }
    }

    [Fact]
    public void One_msat_more_than_twice_the_invoice_amount_is_refused()
    {
        const ulong Paid = (2 * Amount) + 1;
        var net = SwitchHarness.Line(3);
        var invoice = net.Invoice("c", Amount);
        var route = net.RouteThrough(Paid, null, "a", "b", "c");

        var failure = ForwardingFailureTests.Fail(net, net.Start(route, invoice.PaymentHash, SwitchHarness.Payloads(route, invoice.PaymentSecret, Paid)), FinalHop);

        AssertUnknownDetails(failure, Paid, SwitchHarness.StartHeight);
    }

    [Fact]
    public void Exactly_twice_the_invoice_amount_is_accepted()
    {
        const ulong Paid = 2 * Amount;
        var net = SwitchHarness.Line(3);
        var invoice = net.Invoice("c", Amount);
        var route = net.RouteThrough(Paid, null, "a", "b", "c");

        var attempt = net.Start(route, invoice.PaymentHash, SwitchHarness.Payloads(route, invoice.PaymentSecret, Paid));
        net.PumpUntilQuiet();

        Assert.Equal(AttemptOutcomeKind.Fulfilled, attempt.Outcome.Kind);
        Assert.Equal(net.InitialLocalTotal("c") + Paid, net["c"].LocalTotal);
    }

    private static void AssertUnknownDetails(FailureMessage failure, ulong htlcMsat, uint height)
    {
        Assert.Equal(FailureCode.IncorrectOrUnknownPaymentDetails, failure.Code);
        Assert.True(failure.Code.IsPermanent());
        Assert.Equal(htlcMsat, failure.HtlcMsat);
        Assert.Equal(height, failure.Height);
    }
}
