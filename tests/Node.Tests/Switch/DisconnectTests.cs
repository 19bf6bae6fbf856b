using LnRelay.Node.Logging;
using LnRelay.Node.Switch;
using LnRelay.Sphinx.Failures;
using LnRelay.Transport.Messages;

namespace LnRelay.Node.Tests.Switch;

/// <summary>
/// A downstream peer that goes away while an HTLC is out (BOLT 2 "Forwarding HTLCs"): the
/// relay holds the HTLC until the outgoing expiry minus the safety margin, then fails it
/// upstream and refuses a late answer, so it is never both settled and failed.
/// </summary>
public sealed class DisconnectTests
{
    private const ulong Amount = 300_000;
    private const uint Margin = 6;

    [Fact]
    public void Htlc_is_held_while_the_downstream_peer_is_away_and_settles_upstream_when_it_returns()
    {
        var net = SwitchHarness.Line(3);
        var invoice = net.Invoice("c", Amount);
        var attempt = FulfilHeldAtPayee(net, invoice);
        var outgoingExpiry = attempt.Route.Hops[0].OutgoingCltvValue;

        // Still one block short of the margin: nothing may be failed.
        net.SetHeight(outgoingExpiry - Margin - 1);
        net.PumpUntilQuiet();

        Assert.False(attempt.Task.IsCompleted);
        Assert.Single(net["b"].ChannelTo("a").Received);
        Assert.Single(net["b"].ChannelTo("c").Offered);
        Assert.Empty(net.Log.Named(NodeLogEvents.HtlcTimedOut.Name!));
        Assert.DoesNotContain(net.Delivered, e => e.From == "b" && e.To == "a");

        net.Connect("b", "c");
        net.PumpUntilQuiet();

        Assert.Equal(AttemptOutcomeKind.Fulfilled, attempt.Outcome.Kind);
        Assert.Equal(net.InitialLocalTotal("b") + attempt.Route.FeeMsat, net["b"].LocalTotal);
        Assert.Equal(net.InitialLocalTotal("a") - attempt.Route.First.IncomingAmountMsat, net["a"].LocalTotal);
        Assert.All(net.Nodes, n => Assert.Equal(0, n.HtlcsInFlight));
        net.AssertEndsAgree();
    }

    [Fact]
    public void Held_htlc_reaching_expiry_minus_margin_is_failed_upstream_and_a_late_fulfil_is_refused()
    {
        var net = SwitchHarness.Line(3);
        var invoice = net.Invoice("c", Amount);
        var attempt = FulfilHeldAtPayee(net, invoice);
        var outgoingExpiry = attempt.Route.Hops[0].OutgoingCltvValue;

        net.SetHeight(outgoingExpiry - Margin);
        net.PumpUntilQuiet();

        var timedOut = Assert.Single(net.Log.Named(NodeLogEvents.HtlcTimedOut.Name!));
        Assert.Equal("b", timedOut.Node);
        var decoded = attempt.DecodeFailure();
        Assert.Equal(0, decoded.HopIndex);
        Assert.Equal(FailureCode.TemporaryChannelFailure, decoded.Message!.Code);
        Assert.NotNull(decoded.Message.ChannelUpdate);
        Assert.Equal(net.InitialLocalTotal("a"), net["a"].LocalTotal);
        Assert.Equal(net.InitialLocalTotal("b"), net["b"].LocalTotal);
        Assert.Equal(0, net["a"].HtlcsInFlight);
        Assert.Equal(0, net["b"].HtlcsInFlight);
        var before = net.Snapshot();

        // c comes back with the preimage: too late, b already took the amount back.
        net.Connect("b", "c");
        net.PumpUntilQuiet();

        Assert.Equal(before, net.Snapshot());
        Assert.Single(net.Log.Named(NodeLogEvents.PeerProtocolViolation.Name!, "b"));
        Assert.IsType<WarningMessage>(Assert.Single(net.WarningsFrom("b")).Message);
        Assert.Equal(AttemptOutcomeKind.FailedRemote, attempt.Outcome.Kind);
        Assert.Empty(net.Log.Named(NodeLogEvents.HtlcSettled.Name!, "b"));
        Assert.Empty(net.Log.Named(NodeLogEvents.HtlcSettled.Name!, "a"));
    }

    [Fact]
    public void Add_held_on_a_down_link_is_delivered_after_reconnection_and_settles()
    {
        var net = SwitchHarness.Line(3);
        var invoice = net.Invoice("c", Amount);
        var attempt = net.Pay(invoice, "a", "b", "c");
        Assert.True(net.DeliverNext("a", "b"));
        net.Disconnect("b", "c");

        Assert.Equal(0, net.PumpUntilQuiet());
        Assert.IsType<UpdateAddHtlcMessage>(Assert.Single(net.Queued("b", "c")).Message);

        net.Connect("b", "c");
        net.PumpUntilQuiet();

        Assert.Equal(AttemptOutcomeKind.Fulfilled, attempt.Outcome.Kind);
        net.AssertEndsAgree();
    }

    [Fact]
    public void Origin_times_out_its_own_htlc_when_the_first_peer_never_answers()
    {
        var net = SwitchHarness.Line(2);
        var invoice = net.Invoice("b", Amount);
        var attempt = net.Pay(invoice, "a", "b");
        net.Disconnect("a", "b");

        net.SetHeight(attempt.Route.First.IncomingCltvExpiry - Margin);

        Assert.Equal(AttemptOutcomeKind.FailedLocal, attempt.Outcome.Kind);
        Assert.Equal(net.InitialLocalTotal("a"), net["a"].LocalTotal);
        Assert.Equal(0, net["a"].HtlcsInFlight);
    }

    [Fact]
    public void Starting_an_attempt_towards_a_disconnected_peer_fails_locally_and_offers_nothing()
    {
        var net = SwitchHarness.Line(2);
        var invoice = net.Invoice("b", Amount);
        net.Disconnect("a", "b");

        var attempt = net.Pay(invoice, "a", "b");

        Assert.Equal(AttemptOutcomeKind.FailedLocal, attempt.Outcome.Kind);
        Assert.Equal(0, net["a"].HtlcsInFlight);
        Assert.Equal(0, net.QueuedCount);
    }

    [Fact]
    public void Block_height_cannot_go_down()
    {
        var net = SwitchHarness.Line(2);
        Assert.False(net["a"].Switch.TrySetBlockHeight(SwitchHarness.StartHeight - 1));
        Assert.Equal(SwitchHarness.StartHeight, net["a"].Switch.BlockHeight);
    }

    /// <summary>a pays c through b; c settles, and its update_fulfill_htlc waits on the b - c link, which then goes down.</summary>
    private static Attempt FulfilHeldAtPayee(SwitchHarness net, Invoices.Invoice invoice)
    {
        var attempt = net.Pay(invoice, "a", "b", "c");
        Assert.True(net.DeliverNext("a", "b"));
        Assert.True(net.DeliverNext("b", "c"));
        Assert.IsType<UpdateFulfillHtlcMessage>(Assert.Single(net.Queued("c", "b")).Message);
        net.Disconnect("b", "c");
        Assert.Equal(0, net.PumpUntilQuiet());
        Assert.False(attempt.Task.IsCompleted);
        return attempt;
    }
}
