using LnRelay.Node.Invoices;
using LnRelay.Node.Payments;
using LnRelay.Node.Switch;
using LnRelay.Sphinx.Failures;
using LnRelay.Transport.Messages;

namespace LnRelay.Node.Tests.Switch;

/// <summary>
/// The switch inside a blinded path (BOLT 4 "Route Blinding"; docs/blinded-paths.md), message by
/// message: the path key travels in update_add_htlc after the introduction node, and every row of
/// the failure table comes out as the wire message the spec names. On the line a-b-c-d-e, e
/// publishes c -> d -> e plus one dummy hop; a pays through it.
/// </summary>
public sealed class BlindedSwitchTests
{
    private const ulong Amount = 1_000_000;

    [Fact]
    public async Task The_path_key_goes_with_every_htlc_after_the_introduction_node_and_the_payment_settles()
    {
        var net = SwitchHarness.Line(5);
        var (invoice, request) = BlindedRequest(net, "e", Amount, dummyHops: 1);

        var result = await net.RunUntil(Payer(net, "a").PayAsync(request));

        Assert.Equal(PaymentStatus.Succeeded, result.Status);
        Assert.Equal(["a", "b", "c"], result.Route);
        Assert.Equal(new BlindedSummary("c", 4, result.Blinded!.BlobLength), result.Blinded);
        var adds = net.Delivered.Where(e => e.Message is UpdateAddHtlcMessage).ToList();
        Assert.All(adds.Where(e => e.From is "a" or "b"), e => Assert.Null(((UpdateAddHtlcMessage)e.Message).PathKey));
        Assert.All(adds.Where(e => e.From is "c" or "d"), e => Assert.NotNull(((UpdateAddHtlcMessage)e.Message).PathKey));
        Assert.DoesNotContain(net.Delivered, e => e.From == e.To);
        Assert.True(net["e"].LocalTotal >= net.InitialLocalTotal("e") + invoice.AmountMsat);
        net.AssertInvariants();
        net.AssertEndsAgree();
    }

    [Theory]
    [InlineData("d")] // a blinded relay: it got the path key in update_add_htlc
    [InlineData("c")] // the introduction node itself
    public async Task A_relay_inside_the_path_that_refuses_is_seen_only_as_invalid_onion_blinding_from_the_introduction_node(string refusing)
    {
        var net = SwitchHarness.Line(5);
        var (_, request) = BlindedRequest(net, "e", Amount, dummyHops: 1);
        net[refusing].Switch.Faults = new FaultInjectionOptions { RefuseToForward = true };

        var result = await net.RunUntil(Payer(net, "a").PayAsync(request));

        AssertFailedAtIntroduction(result);
        // Row by row (BOLT 2 "Removing an HTLC"): a path_key holder answers malformed with 0xC018, the introduction node a failure packet.
        if (refusing == "d")
        {
            AssertMalformedBlinding(net, "d", "c");
        }

        Assert.Contains(net.Delivered, e => e.From == "c" && e.To == "b" && e.Message is UpdateFailHtlcMessage);
        Assert.DoesNotContain(net.Delivered, e => e.From == "c" && e.Message is UpdateFailMalformedHtlcMessage);
        net.AssertInvariants();
        net.AssertEndsAgree();
    }

    [Fact]
    public async Task The_recipients_refusal_goes_back_malformed_through_every_blinded_relay()
    {
        var net = SwitchHarness.Line(5);
        var (_, request) = BlindedRequest(net, "e", Amount, dummyHops: 0);

        var result = await net.RunUntil(Payer(net, "a").PayAsync(request with { AmountMsat = Amount / 2 }));

        AssertFailedAtIntroduction(result);
        AssertMalformedBlinding(net, "e", "d");
        AssertMalformedBlinding(net, "d", "c");
        net.AssertEndsAgree();
    }

    [Fact]
    public async Task A_path_written_for_another_payment_hash_is_refused_by_the_recipient()
    {
        var net = SwitchHarness.Line(5);
        var (_, request) = BlindedRequest(net, "e", Amount, dummyHops: 0);
        var other = net.Invoice("e", Amount);

        var result = await net.RunUntil(Payer(net, "a").PayAsync(request with { PaymentHash = other.PaymentHash }));

        AssertFailedAtIntroduction(result);
        AssertMalformedBlinding(net, "e", "d");
        Assert.Contains(net.Log.Named("BlindedHtlcRefused", "e"), e => (string?)e["LocalCause"] == "wrong_path_id");
    }

    [Fact]
    public async Task A_next_peer_without_route_blinding_is_never_sent_a_blinded_htlc()
    {
        var net = SwitchHarness.Line(5);
        net.WithoutRouteBlinding.Add("d");
        var (_, request) = BlindedRequest(net, "e", Amount, dummyHops: 0);

        var result = await net.RunUntil(Payer(net, "a").PayAsync(request));

        AssertFailedAtIntroduction(result);
        Assert.DoesNotContain(net.Delivered, e => e.To == "d" && e.Message is UpdateAddHtlcMessage);
    }

    private static void AssertFailedAtIntroduction(PaymentResult result)
    {
        Assert.Equal(PaymentStatus.Failed, result.Status);
        Assert.Equal((int)FailureCode.InvalidOnionBlinding, result.Failure!.Code);
        Assert.Equal(1, result.Failure.Hop);
        Assert.Equal("c", result.Failure.Node);
        Assert.Single(result.Attempts);
    }

    private static void AssertMalformedBlinding(SwitchHarness net, string from, string to)
    {
        var malformed = Assert.Single(net.Delivered, e => e.From == from && e.To == to && e.Message is UpdateFailMalformedHtlcMessage).Message as UpdateFailMalformedHtlcMessage;
        Assert.Equal((ushort)FailureCode.InvalidOnionBlinding, malformed!.FailureCode);
        Assert.DoesNotContain(net.Delivered, e => e.From == from && e.To == to && e.Message is UpdateFailHtlcMessage);
    }

    /// <summary>e's invoice with the path c -> d -> e (each relay's outgoing channel and policy from the graph), as POST /v1/invoices writes it, and a's request through it.</summary>
    private static (Invoice Invoice, PaymentRequest Request) BlindedRequest(SwitchHarness net, string payee, ulong amount, int dummyHops)
    {
        var invoice = net.Invoice(payee, amount);
        var edges = new[] { ("c", "d"), ("d", "e") }.Select(p => net.Graph.EdgesInto(p.Item2).Single(e => e.From.Name == p.Item1)).ToList();
        var path = BlindedInvoicePaths.Create(net[payee].Key, edges, dummyHops, invoice.PaymentHash, net.Height, invoice.MinFinalCltvExpiryDelta);
        var request = new PaymentRequest(BlindedDestination.PayeeName, amount, invoice.PaymentHash, [], invoice.MinFinalCltvExpiryDelta)
        {
            Blinded = new BlindedDestination(path.IntroductionNode, path.Payment.Path, path.Payment.PayInfo),
        };
        return (invoice, request);
    }

    private static Payer Payer(SwitchHarness net, string origin) =>
        new(net[origin].Switch, new LnRelay.Node.Routing.PayerGraph(net.Graph), net.SessionKeys, new PaymentStore(), net.Time, net.Log.For(origin));
}
