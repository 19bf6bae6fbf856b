using System.Security.Cryptography;
using LnRelay.Node.Switch;
using LnRelay.Sphinx.Failures;
using LnRelay.Sphinx.Onion;
using LnRelay.Sphinx.Payloads;
using LnRelay.Transport.Messages;

namespace LnRelay.Node.Tests.Switch;

/// <summary>Onions a hop cannot use: BADONION answered with update_fail_malformed_htlc and converted upstream (BOLT 2 "Removing an HTLC", BOLT 4 "Returning Errors"), and payloads refused with invalid_onion_payload.</summary>
public sealed class OnionFailureTests
{
    private const ulong Amount = 400_000;

    [Fact]
    public void Relay_corrupting_the_onion_gets_malformed_back_and_converts_it_to_invalid_onion_hmac_attributed_to_itself()
    {
        var net = SwitchHarness.Line(4);
        var invoice = net.Invoice("d", Amount);
        net["b"].Switch.Faults = new FaultInjectionOptions { CorruptForwardedOnions = true };

        var attempt = net.Pay(invoice, "a", "b", "c", "d");
        var failure = ForwardingFailureTests.Fail(net, attempt, expectedHop: 0, lastHopReached: 1);

        Assert.Equal(FailureCode.InvalidOnionHmac, failure.Code);
        var received = Assert.IsType<UpdateAddHtlcMessage>(Assert.Single(net.Delivered, e => e.To == "c").Message);
        var malformed = Assert.IsType<UpdateFailMalformedHtlcMessage>(Assert.Single(net.Delivered, e => e.From == "c").Message);
        Assert.Equal((ushort)FailureCode.InvalidOnionHmac, malformed.FailureCode);
        Assert.Equal(SHA256.HashData(received.OnionRoutingPacket.Span), malformed.Sha256OfOnion.ToArray());
        Assert.Equal(malformed.Sha256OfOnion.ToArray(), failure.Sha256OfOnion);
        Assert.IsType<UpdateFailHtlcMessage>(Assert.Single(net.Delivered, e => e.From == "b" && e.To == "a").Message);
    }

    [Fact]
    public void Onion_corrupted_by_the_origin_comes_back_as_malformed_to_the_origin()
    {
        var net = SwitchHarness.Line(3);
        var invoice = net.Invoice("c", Amount);
        var route = net.RouteThrough(Amount, null, "a", "b", "c");

        var attempt = net.Start(route, invoice.PaymentHash, [.. SwitchHarness.Payloads(route, invoice.PaymentSecret, Amount).Select(p => p.Encode())], onion => onion[OnionPacket.RoutingInfoOffset + 5] ^= 0x80);
        net.PumpUntilQuiet();

        Assert.Equal(AttemptOutcomeKind.FailedMalformed, attempt.Outcome.Kind);
        Assert.Equal(FailureCode.InvalidOnionHmac, attempt.Outcome.MalformedCode);
        Assert.Equal(32, attempt.Outcome.Sha256OfOnion?.Length);
        Assert.Null(attempt.Outcome.Reason);
        Assert.Equal(0, net["a"].HtlcsInFlight);
        Assert.Equal(net.InitialLocalTotal("a"), net["a"].LocalTotal);
        net.AssertEndsAgree();
    }

    [Fact]
    public void Onion_with_an_unknown_version_is_refused_as_invalid_onion_version()
    {
        var net = SwitchHarness.Line(2);
        var invoice = net.Invoice("b", Amount);
        var route = net.RouteThrough(Amount, null, "a", "b");

        var attempt = net.Start(route, invoice.PaymentHash, [.. SwitchHarness.Payloads(route, invoice.PaymentSecret, Amount).Select(p => p.Encode())], onion => onion[OnionPacket.VersionOffset] = 1);
        net.PumpUntilQuiet();

        Assert.Equal(AttemptOutcomeKind.FailedMalformed, attempt.Outcome.Kind);
        Assert.Equal(FailureCode.InvalidOnionVersion, attempt.Outcome.MalformedCode);
        Assert.Equal(net.InitialLocalTotal("a"), net["a"].LocalTotal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void Payload_with_an_unknown_even_type_fails_with_invalid_onion_payload_naming_the_type(int hop)
    {
        const byte UnknownEven = 100;
        var net = SwitchHarness.Line(4);
        var invoice = net.Invoice("d", Amount);
        var route = net.RouteThrough(Amount, null, "a", "b", "c", "d");
        var payloads = SwitchHarness.Payloads(route, invoice.PaymentSecret, Amount).Select(p => p.Encode()).ToList();
        var valid = payloads[hop];

        // TLV records are in ascending type order: 100 goes after 2, 4, 6 and 8. One byte of value.
        payloads[hop] = [.. valid, UnknownEven, 1, 0];

        var failure = ForwardingFailureTests.Fail(net, net.Start(route, invoice.PaymentHash, payloads), hop);

        Assert.Equal(FailureCode.InvalidOnionPayload, failure.Code);
        Assert.Equal(UnknownEven, failure.PayloadType);
        Assert.Equal((ushort)valid.Length, failure.PayloadOffset);
    }

    [Fact]
    public void Relay_payload_without_a_short_channel_id_fails_with_invalid_onion_payload_naming_type_6()
    {
        var net = SwitchHarness.Line(3);
        var invoice = net.Invoice("c", Amount);
        var route = net.RouteThrough(Amount, null, "a", "b", "c");
        var payloads = SwitchHarness.Payloads(route, invoice.PaymentSecret, Amount).Select(p => p.Encode()).ToList();
        payloads[0] = new FinalPayload(route.Hops[0].AmountToForwardMsat, route.Hops[0].OutgoingCltvValue).Encode();

        var failure = ForwardingFailureTests.Fail(net, net.Start(route, invoice.PaymentHash, payloads), expectedHop: 0);

        Assert.Equal(FailureCode.InvalidOnionPayload, failure.Code);
        Assert.Equal(6UL, failure.PayloadType);
    }
}
