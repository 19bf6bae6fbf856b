using System.Security.Cryptography;
using LnRelay.Node.Channels;
using LnRelay.Node.Logging;
using LnRelay.Node.Switch;
using LnRelay.Sphinx;
using LnRelay.Sphinx.Failures;
using LnRelay.Transport.Messages;

namespace LnRelay.Node.Tests.Switch;

/// <summary>
/// Duplicate, out-of-order and bogus HTLC updates from a peer (BOLT 2 "Adding an HTLC",
/// "Removing an HTLC"): each is refused with a warning to that peer and leaves every channel
/// of every node exactly as it was.
/// </summary>
public sealed class PeerViolationTests
{
    private const ulong Amount = 250_000;

    [Fact]
    public void Repeated_update_add_htlc_id_is_refused_and_the_payment_is_forwarded_once()
    {
        var net = SwitchHarness.Line(3);
        var invoice = net.Invoice("c", Amount);
        var attempt = net.Pay(invoice, "a", "b", "c");
        net.Duplicate("a", "b");
        Assert.True(net.DeliverNext("a", "b"));

        AssertRefused(net, "a", "b", () => Assert.True(net.DeliverNext("a", "b")));

        net.PumpUntilQuiet();
        Assert.Equal(AttemptOutcomeKind.Fulfilled, attempt.Outcome.Kind);
        Assert.Single(net.Delivered, e => e.To == "c" && e.Message is UpdateAddHtlcMessage);
        Assert.Equal(1UL, net["b"].ChannelTo("c").NextOfferedId);
        Assert.Equal(net.InitialLocalTotal("c") + Amount, net["c"].LocalTotal);
        net.AssertEndsAgree();
    }

    [Fact]
    public void Update_add_htlc_with_an_id_from_the_future_is_refused()
    {
        var net = SwitchHarness.Line(3);
        var add = new UpdateAddHtlcMessage(Id(net, "a", "b"), 5, Amount, SHA256.HashData("future"u8), SwitchHarness.StartHeight + 100, new byte[1366]);

        AssertRefused(net, "a", "b", () => Deliver(net, "a", "b", add));
    }

    [Fact]
    public void Fulfil_for_an_id_never_offered_is_refused()
    {
        var net = SwitchHarness.Line(3);
        var fulfil = new UpdateFulfillHtlcMessage(Id(net, "b", "c"), 7, new byte[32]);

        AssertRefused(net, "c", "b", () => Deliver(net, "c", "b", fulfil));
    }

    [Fact]
    public void Fulfil_with_a_wrong_preimage_is_refused_and_the_htlc_still_settles_with_the_right_one()
    {
        var net = SwitchHarness.Line(3);
        var invoice = net.Invoice("c", Amount);
        var attempt = net.Pay(invoice, "a", "b", "c");
        Assert.True(net.DeliverNext("a", "b"));
        Assert.Single(net["b"].ChannelTo("c").Offered);
        var wrong = new UpdateFulfillHtlcMessage(Id(net, "b", "c"), 0, SHA256.HashData("not the preimage"u8));

        AssertRefused(net, "c", "b", () => Deliver(net, "c", "b", wrong));

        net.PumpUntilQuiet();
        Assert.Equal(AttemptOutcomeKind.Fulfilled, attempt.Outcome.Kind);
        net.AssertEndsAgree();
    }

    [Fact]
    public void Fail_for_an_already_resolved_id_is_refused()
    {
        var net = SwitchHarness.Line(3);
        var invoice = net.Invoice("c", Amount);
        var attempt = net.Pay(invoice, "a", "b", "c");
        net.PumpUntilQuiet();
        Assert.Equal(AttemptOutcomeKind.Fulfilled, attempt.Outcome.Kind);
        var fail = new UpdateFailHtlcMessage(Id(net, "b", "c"), 0, FailurePacket.Create(new byte[32], FailureMessage.Create(FailureCode.TemporaryNodeFailure)));

        AssertRefused(net, "c", "b", () => Deliver(net, "c", "b", fail));
    }

    [Fact]
    public void Malformed_for_an_already_resolved_id_is_refused()
    {
        var net = SwitchHarness.Line(3);
        var invoice = net.Invoice("c", Amount);
        net.Pay(invoice, "a", "b", "c");
        net.PumpUntilQuiet();
        var malformed = new UpdateFailMalformedHtlcMessage(Id(net, "b", "c"), 0, new byte[32], (ushort)FailureCode.InvalidOnionHmac);

        AssertRefused(net, "c", "b", () => Deliver(net, "c", "b", malformed));
    }

    [Fact]
    public void Update_on_a_channel_the_peer_is_not_part_of_is_refused()
    {
        var net = SwitchHarness.Line(3);
        var add = new UpdateAddHtlcMessage(Id(net, "b", "c"), 0, Amount, SHA256.HashData("x"u8), SwitchHarness.StartHeight + 100, new byte[1366]);

        AssertRefused(net, "a", "b", () => Deliver(net, "a", "b", add));
    }

    [Fact]
    public void Reordered_adds_refuse_the_early_id_accept_the_expected_one_and_the_orphan_times_out_at_the_origin()
    {
        var net = SwitchHarness.Line(3);
        var first = net.Pay(net.Invoice("c", Amount), "a", "b", "c");
        var second = net.Pay(net.Invoice("c", Amount + 1), "a", "b", "c");
        net.Swap("a", "b", 0, 1);

        AssertRefused(net, "a", "b", () => Assert.True(net.DeliverNext("a", "b")));
        net.PumpUntilQuiet();

        Assert.Equal(AttemptOutcomeKind.Fulfilled, first.Outcome.Kind);
        Assert.False(second.Task.IsCompleted);
        Assert.Single(net["a"].ChannelTo("b").Offered);
        Assert.Empty(net["b"].ChannelTo("a").Received);

        // b never took the second HTLC; the origin gets its money back when the expiry nears.
        net.SetHeight(second.Route.First.IncomingCltvExpiry - 6);
        Assert.Equal(AttemptOutcomeKind.FailedLocal, second.Outcome.Kind);
        Assert.Equal(net.InitialLocalTotal("a") - first.Route.First.IncomingAmountMsat, net["a"].LocalTotal);
        net.AssertEndsAgree();
    }

    private static ChannelId Id(SwitchHarness net, string a, string b) =>
        net[a].ChannelTo(b).ChannelId;

    private static void Deliver(SwitchHarness net, string from, string to, LightningMessage message)
    {
        net.Inject(from, to, message);
        Assert.True(net.DeliverNext(from, to));
    }

    /// <summary>Runs <paramref name="deliver"/> and checks: no channel anywhere changed, one violation logged by the receiver, one warning queued back to the sender.</summary>
    private static void AssertRefused(SwitchHarness net, string sender, string receiver, Action deliver)
    {
        var before = net.Snapshot();
        var violations = net.Log.Named(NodeLogEvents.PeerProtocolViolation.Name!, receiver).Count;
        var queuedBack = net.Queued(receiver, sender).Count;

        deliver();

        Assert.Equal(before, net.Snapshot());
        var violation = net.Log.Named(NodeLogEvents.PeerProtocolViolation.Name!, receiver);
        Assert.Equal(violations + 1, violation.Count);
        Assert.Equal(sender, violation[^1]["Peer"]);
        var sent = net.Queued(receiver, sender);
        Assert.Equal(queuedBack + 1, sent.Count);
        Assert.IsType<WarningMessage>(sent[^1].Message);
        net.AssertInvariants();
    }

    [Fact]
    public void Channel_state_rejects_a_zero_amount_add_from_the_peer()
    {
        var channel = new ChannelState(ShortChannelId.Parse("1x1x0"), "peer", Crypto.PrivateKey.Generate().PublicKey, 1_000, 500, ChannelPolicy.Default, ChannelPolicy.Default);
        Assert.Equal(HtlcAddRefusal.ZeroAmount, channel.TryReceive(0, 0, new byte[32], 100, out _));
        Assert.Equal(0UL, channel.NextExpectedReceivedId);
    }
}
