using System.Security.Cryptography;
using LnRelay.Node.Logging;
using LnRelay.Node.Switch;

namespace LnRelay.Node.Tests.Switch;

/// <summary>Successful payments through real switches: money moves by exactly the route's amounts, and every hop logs one HopView.</summary>
public sealed class SwitchPaymentTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Payment_over_n_hops_settles_with_the_preimage_and_moves_exactly_amount_plus_fees(int hops)
    {
        var net = SwitchHarness.Line(5);
        net.AfterEachDelivery = net.AssertInvariants;
        var path = Enumerable.Range(0, hops + 1).Select(i => ((char)('a' + i)).ToString()).ToArray();
        var payee = path[^1];
        var before = net.Nodes.ToDictionary(n => n.Name, n => n.LocalTotal);
        var invoice = net.Invoice(payee, 1_234_567);

        var attempt = net.Pay(invoice, path);
        net.PumpUntilQuiet();

        Assert.Equal(AttemptOutcomeKind.Fulfilled, attempt.Outcome.Kind);
        Assert.Equal(invoice.PaymentHash, SHA256.HashData(attempt.Outcome.Preimage!));
        var route = attempt.Route;
        Assert.Equal(hops, route.Hops.Count);
        var expected = net.Nodes.ToDictionary(n => n.Name, _ => 0L);
        expected["a"] = -(long)route.First.IncomingAmountMsat;
        foreach (var hop in route.Hops)
        {
            expected[hop.Node.Name] += (long)(hop.IncomingAmountMsat - hop.AmountToForwardMsat) + (hop.IsFinal ? (long)hop.AmountToForwardMsat : 0);
        }

        Assert.Equal((long)(invoice.AmountMsat + route.FeeMsat), -expected["a"]);
        Assert.Equal((long)invoice.AmountMsat, expected[payee]);
        foreach (var node in net.Nodes)
        {
            Assert.Equal(expected[node.Name], (long)node.LocalTotal - (long)before[node.Name]);
            Assert.Equal(0, node.HtlcsInFlight);
        }

        net.AssertInvariants();
        net.AssertEndsAgree();
        Assert.Equal(0, net.QueuedCount);
        var hashHex = Convert.ToHexStringLower(invoice.PaymentHash);
        var views = net.Log.Named(NodeLogEvents.HopView.Name!).Where(e => (string?)e["PaymentHash"] == hashHex).ToList();
        Assert.Equal(path, views.Select(v => v.Node).Order(StringComparer.Ordinal));
        foreach (var node in path)
        {
            var role = node == "a" ? "origin" : node == payee ? "final" : "relay";
            Assert.Equal(role, Assert.Single(views, v => v.Node == node)["Role"]);
        }
    }

    [Fact]
    public void Relay_hop_view_names_both_neighbours_and_amounts_but_claims_no_knowledge_of_the_ends()
    {
        var net = SwitchHarness.Line(3);
        var invoice = net.Invoice("c", 500_000);

        var attempt = net.Pay(invoice, "a", "b", "c");
        net.PumpUntilQuiet();

        Assert.Equal(AttemptOutcomeKind.Fulfilled, attempt.Outcome.Kind);
        var relay = Assert.Single(net.Log.Named(NodeLogEvents.HopView.Name!, "b"));
        var hop = attempt.Route.Hops[0];
        Assert.Equal("a", relay["PrevNode"]);
        Assert.Equal("c", relay["NextNode"]);
        Assert.Equal(hop.IncomingAmountMsat, relay["AmountInMsat"]);
        Assert.Equal(hop.AmountToForwardMsat, relay["AmountOutMsat"]);
        Assert.Equal(hop.IncomingCltvExpiry, relay["CltvIn"]);
        Assert.Equal(hop.OutgoingCltvValue, relay["CltvOut"]);
        Assert.Equal(false, relay["KnowsOrigin"]);
        Assert.Equal(false, relay["KnowsDestination"]);
        var final = Assert.Single(net.Log.Named(NodeLogEvents.HopView.Name!, "c"));
        Assert.Equal(true, final["KnowsDestination"]);
        Assert.Equal(false, final["KnowsOrigin"]);
    }
}
