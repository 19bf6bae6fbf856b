using LnRelay.Node.Channels;
using LnRelay.Node.Gossip;
using LnRelay.Node.Logging;
using LnRelay.Node.Switch;
using LnRelay.Sphinx;
using LnRelay.Sphinx.Failures;
using LnRelay.Sphinx.Payloads;
using LnRelay.Transport.Messages;
using LnRelay.Transport.Peers;

namespace LnRelay.Node.Tests.Switch;

/// <summary>
/// Every failure a relay can return (BOLT 4 "Failure Messages", in ForwardingChecks' order), driven by a
/// real onion through real switches on a - b - c - d. The relay at fault is c (hop index 1)
/// unless said otherwise, so attribution is not trivially the first hop.
/// </summary>
public sealed class ForwardingFailureTests
{
    private const ulong Amount = 1_000_000;
    private static readonly ShortChannelId CToD = ShortChannelId.Parse("3x1x0");

    [Fact]
    public void Onion_naming_a_channel_the_relay_does_not_have_fails_with_unknown_next_peer()
    {
        var net = SwitchHarness.Line(4);
        var invoice = net.Invoice("d", Amount);
        var route = net.RouteThrough(Amount, null, "a", "b", "c", "d");
        var payloads = SwitchHarness.Payloads(route, invoice.PaymentSecret, Amount);
        var hop = route.Hops[1];
        payloads[1] = new RelayPayload(hop.AmountToForwardMsat, hop.OutgoingCltvValue, ShortChannelId.Parse("99x9x9"));

        var failure = Fail(net, net.Start(route, invoice.PaymentHash, payloads), expectedHop: 1);

        Assert.Equal(FailureCode.UnknownNextPeer, failure.Code);
        Assert.Null(failure.ChannelUpdate);
    }

    [Fact]
    public void Disabled_outgoing_channel_fails_with_channel_disabled_and_an_update_saying_so()
    {
        var net = SwitchHarness.Line(4);
        var invoice = net.Invoice("d", Amount);
        var route = net.RouteThrough(Amount, null, "a", "b", "c", "d");
        Assert.True(net["c"].Switch.TrySetPolicy(CToD, net["c"].ChannelTo("d").LocalPolicy with { Enabled = false }));

        var failure = Fail(net, net.Start(route, invoice.PaymentHash, SwitchHarness.Payloads(route, invoice.PaymentSecret, Amount)), expectedHop: 1);

        Assert.Equal(FailureCode.ChannelDisabled, failure.Code);
        Assert.Equal((ushort)0, failure.DisabledFlags);
        Assert.True(VerifiedUpdate(net, failure, "c", CToD).IsDisabled);
    }

    [Fact]
    public void Forward_below_the_outgoing_htlc_minimum_fails_with_amount_below_minimum_carrying_the_outgoing_amount()
    {
        var net = SwitchHarness.Line(4);
        var invoice = net.Invoice("d", Amount);
        var route = net.RouteThrough(Amount, null, "a", "b", "c", "d");
        Assert.True(net["c"].Switch.TrySetPolicy(CToD, net["c"].ChannelTo("d").LocalPolicy with { HtlcMinimumMsat = Amount + 1 }));

        var failure = Fail(net, net.Start(route, invoice.PaymentHash, SwitchHarness.Payloads(route, invoice.PaymentSecret, Amount)), expectedHop: 1);

        Assert.Equal(FailureCode.AmountBelowMinimum, failure.Code);
        Assert.Equal(route.Hops[1].AmountToForwardMsat, failure.HtlcMsat);
        Assert.Equal(Amount + 1, VerifiedUpdate(net, failure, "c", CToD).HtlcMinimumMsat);
    }

    [Fact]
    public void Fee_raised_after_the_route_was_built_fails_with_fee_insufficient_carrying_the_incoming_amount_and_the_new_signed_update()
    {
        var net = SwitchHarness.Line(4);
        var invoice = net.Invoice("d", Amount);
        var route = net.RouteThrough(Amount, null, "a", "b", "c", "d");
        var raised = net["c"].ChannelTo("d").LocalPolicy with { FeeBaseMsat = 50_000 };
        Assert.True(net["c"].Switch.TrySetPolicy(CToD, raised));

        var failure = Fail(net, net.Start(route, invoice.PaymentHash, SwitchHarness.Payloads(route, invoice.PaymentSecret, Amount)), expectedHop: 1);

        Assert.Equal(FailureCode.FeeInsufficient, failure.Code);
        Assert.Equal(route.Hops[1].IncomingAmountMsat, failure.HtlcMsat);
        var update = VerifiedUpdate(net, failure, "c", CToD);
        Assert.Equal(raised, update.ToPolicy());
        Assert.Equal(NetworkChainHash.For(net.Network.Network), update.ChainHash.ToArray());
    }

    [Fact]
    public void Fee_one_msat_short_fails_with_fee_insufficient()
    {
        var net = SwitchHarness.Line(4);
        var invoice = net.Invoice("d", Amount);
        var route = net.RouteThrough(Amount, null, "a", "b", "c", "d");
        var payloads = SwitchHarness.Payloads(route, invoice.PaymentSecret, Amount);
        var hop = route.Hops[1];
        payloads[1] = new RelayPayload(hop.AmountToForwardMsat + 1, hop.OutgoingCltvValue, hop.OutgoingChannel!.Value);

        var failure = Fail(net, net.Start(route, invoice.PaymentHash, payloads), expectedHop: 1);

        Assert.Equal(FailureCode.FeeInsufficient, failure.Code);
        Assert.Equal(hop.IncomingAmountMsat, failure.HtlcMsat);
    }

    [Fact]
    public void Outgoing_expiry_leaving_less_than_the_delta_fails_with_incorrect_cltv_expiry_carrying_the_incoming_expiry()
    {
        var net = SwitchHarness.Line(4);
        var invoice = net.Invoice("d", Amount);
        var route = net.RouteThrough(Amount, null, "a", "b", "c", "d");
        var payloads = SwitchHarness.Payloads(route, invoice.PaymentSecret, Amount);
        var hop = route.Hops[1];
        payloads[1] = new RelayPayload(hop.AmountToForwardMsat, hop.OutgoingCltvValue + 1, hop.OutgoingChannel!.Value);

        var failure = Fail(net, net.Start(route, invoice.PaymentHash, payloads), expectedHop: 1);

        Assert.Equal(FailureCode.IncorrectCltvExpiry, failure.Code);
        Assert.Equal(hop.IncomingCltvExpiry, failure.CltvExpiry);
        VerifiedUpdate(net, failure, "c", CToD);
    }

    [Fact]
    public void Incoming_expiry_closer_to_the_tip_than_the_delta_fails_with_expiry_too_soon()
    {
        var net = SwitchHarness.Line(4);
        var invoice = net.Invoice("d", Amount);

        // c (delta 50) receives expiry 1040 at height 1000: 40 blocks left. b (delta 40) receives 1080: fine.
        var route = net.RouteThrough(Amount, SwitchHarness.StartHeight - 10, "a", "b", "c", "d");
        Assert.Equal(SwitchHarness.StartHeight + 40, route.Hops[1].IncomingCltvExpiry);

        var failure = Fail(net, net.Start(route, invoice.PaymentHash, SwitchHarness.Payloads(route, invoice.PaymentSecret, Amount)), expectedHop: 1);

        Assert.Equal(FailureCode.ExpiryTooSoon, failure.Code);
        VerifiedUpdate(net, failure, "c", CToD);
    }

    [Fact]
    public void Incoming_expiry_more_than_2016_blocks_ahead_fails_with_expiry_too_far_at_the_first_relay()
    {
        var net = SwitchHarness.Line(4);
        var invoice = net.Invoice("d", Amount);
        var route = net.RouteThrough(Amount, SwitchHarness.StartHeight + 2016, "a", "b", "c", "d");

        var failure = Fail(net, net.Start(route, invoice.PaymentHash, SwitchHarness.Payloads(route, invoice.PaymentSecret, Amount)), expectedHop: 0);

        Assert.Equal(FailureCode.ExpiryTooFar, failure.Code);
        Assert.DoesNotContain(net.Delivered, e => e.To == "c");
    }

    [Fact]
    public void Next_peer_disconnected_fails_with_temporary_channel_failure()
    {
        var net = SwitchHarness.Line(4);
        var invoice = net.Invoice("d", Amount);
        var route = net.RouteThrough(Amount, null, "a", "b", "c", "d");
        net.Disconnect("c", "d");

        var failure = Fail(net, net.Start(route, invoice.PaymentHash, SwitchHarness.Payloads(route, invoice.PaymentSecret, Amount)), expectedHop: 1);

        Assert.Equal(FailureCode.TemporaryChannelFailure, failure.Code);
        VerifiedUpdate(net, failure, "c", CToD);
        Assert.Equal("peer_offline", LocalCause(net, "c"));
    }

    [Fact]
    public void Forward_above_the_outgoing_htlc_maximum_fails_with_temporary_channel_failure_and_says_why_in_the_log()
    {
        var net = SwitchHarness.Line(4);
        var invoice = net.Invoice("d", Amount);
        var route = net.RouteThrough(Amount, null, "a", "b", "c", "d");
        Assert.True(net["c"].Switch.TrySetPolicy(CToD, net["c"].ChannelTo("d").LocalPolicy with { HtlcMaximumMsat = Amount - 1 }));

        var failure = Fail(net, net.Start(route, invoice.PaymentHash, SwitchHarness.Payloads(route, invoice.PaymentSecret, Amount)), expectedHop: 1);

        Assert.Equal(FailureCode.TemporaryChannelFailure, failure.Code);
        Assert.Equal("above_htlc_maximum", LocalCause(net, "c"));
        // b passes c's failure on: it knows only that it failed downstream.
        Assert.Equal("failed_downstream", LocalCause(net, "b"));
    }

    [Fact]
    public void Outgoing_balance_too_small_fails_with_temporary_channel_failure()
    {
        const ulong Big = 100_000_000;
        var net = new SwitchHarness(
            ["a", "b", "c", "d"],
            [
                TestNetworks.Channel("1x1x0", "a", "b", Big, Big / 2, SwitchHarness.PolicyOf(0), SwitchHarness.PolicyOf(1)),
                TestNetworks.Channel("2x1x0", "b", "c", Big, Big / 2, SwitchHarness.PolicyOf(1), SwitchHarness.PolicyOf(2)),
                TestNetworks.Channel("3x1x0", "c", "d", 10_000_000, 5_000_000, SwitchHarness.PolicyOf(2), SwitchHarness.PolicyOf(3)),
            ]);
        const ulong TooMuch = 5_000_001;
        var invoice = net.Invoice("d", TooMuch);
        var route = net.RouteThrough(TooMuch, null, "a", "b", "c", "d");

        var failure = Fail(net, net.Start(route, invoice.PaymentHash, SwitchHarness.Payloads(route, invoice.PaymentSecret, TooMuch)), expectedHop: 1);

        Assert.Equal(FailureCode.TemporaryChannelFailure, failure.Code);
        VerifiedUpdate(net, failure, "c", CToD);
        Assert.Equal("insufficient_balance", LocalCause(net, "c"));
    }

    [Fact]
    public void Relay_told_to_refuse_forwarding_fails_with_temporary_node_failure()
    {
        var net = SwitchHarness.Line(4);
        var invoice = net.Invoice("d", Amount);
        var route = net.RouteThrough(Amount, null, "a", "b", "c", "d");
        net["c"].Switch.Faults = new FaultInjectionOptions { RefuseToForward = true };

        var failure = Fail(net, net.Start(route, invoice.PaymentHash, SwitchHarness.Payloads(route, invoice.PaymentSecret, Amount)), expectedHop: 1);

        Assert.Equal(FailureCode.TemporaryNodeFailure, failure.Code);
        Assert.True(failure.Code.IsNode());
        Assert.Equal("refused_by_fault_injection", LocalCause(net, "c"));
    }

    /// <summary>The local cause <paramref name="node"/> logged with its one HtlcFailed (docs/logging.md).</summary>
    internal static object? LocalCause(SwitchHarness net, string node) => Assert.Single(net.Log.Named(NodeLogEvents.HtlcFailed.Name!, node))["LocalCause"];

    /// <summary>Pumps the attempt to its end and checks what every failure shares: attributed to the hop, nothing past it, no money moved since the start, nothing left in flight.</summary>
    internal static FailureMessage Fail(SwitchHarness net, Attempt attempt, int expectedHop, int? lastHopReached = null)
    {
        net.AfterEachDelivery = net.AssertInvariants;
        net.PumpUntilQuiet();

        var decoded = attempt.DecodeFailure();
        Assert.Equal(expectedHop, decoded.HopIndex);
        var beyond = attempt.Route.Hops.Skip((lastHopReached ?? expectedHop) + 1).Select(h => h.Node.Name).ToHashSet();
        Assert.DoesNotContain(net.Delivered, e => beyond.Contains(e.To) && e.Message is UpdateAddHtlcMessage);
        foreach (var node in net.Nodes)
        {
            Assert.Equal(net.InitialLocalTotal(node.Name), node.LocalTotal);
            Assert.Equal(0, node.HtlcsInFlight);
        }

        net.AssertEndsAgree();
        return decoded.Message!;
    }

    /// <summary>The update in a failure: decodes, is signed by <paramref name="signer"/>'s key, names the outgoing channel, and matches the policy the relay applies now.</summary>
    private static ChannelUpdate VerifiedUpdate(SwitchHarness net, FailureMessage failure, string signer, ShortChannelId outgoing)
    {
        Assert.NotNull(failure.ChannelUpdate);
        Assert.True(ChannelUpdate.TryDecodeEmbedded(failure.ChannelUpdate, out var update, out var why), why.ToString());
        Assert.True(update.VerifySignature(net[signer].Key.PublicKey));
        Assert.Equal(outgoing, update.ShortChannelId);
        var channel = net[signer].Channels.Single(c => c.ShortChannelId == outgoing);
        Assert.True(update.VerifySignatureForChannel(net[signer].Key.PublicKey, channel.RemoteNodeId));
        Assert.Equal(channel.LocalPolicy, update.ToPolicy());
        return update;
    }

    [Fact]
    public void Relay_checks_report_the_first_failing_check_in_the_documented_order()
    {
        // Unknown channel AND a short fee: unknown_next_peer comes first in ForwardingChecks' order.
        var net = SwitchHarness.Line(4);
        var invoice = net.Invoice("d", Amount);
        var route = net.RouteThrough(Amount, null, "a", "b", "c", "d");
        var payloads = SwitchHarness.Payloads(route, invoice.PaymentSecret, Amount);
        var hop = route.Hops[1];
        payloads[1] = new RelayPayload(hop.IncomingAmountMsat, hop.OutgoingCltvValue + 1, ShortChannelId.Parse("99x9x9"));

        Assert.Equal(FailureCode.UnknownNextPeer, Fail(net, net.Start(route, invoice.PaymentHash, payloads), expectedHop: 1).Code);

        // Fee short AND expiry wrong: fee_insufficient is checked before incorrect_cltv_expiry.
        var second = net.Invoice("d", Amount);
        var p2 = SwitchHarness.Payloads(route, second.PaymentSecret, Amount);
        p2[1] = new RelayPayload(hop.IncomingAmountMsat, hop.OutgoingCltvValue + 1, hop.OutgoingChannel!.Value);
        Assert.Equal(FailureCode.FeeInsufficient, Fail(net, net.Start(route, second.PaymentHash, p2), expectedHop: 1).Code);
    }

    [Fact]
    public void Channel_policy_of_an_unknown_channel_cannot_be_set()
    {
        var net = SwitchHarness.Line(2);
        Assert.False(net["a"].Switch.TrySetPolicy(ShortChannelId.Parse("9x9x9"), ChannelPolicy.Default));
    }
}
