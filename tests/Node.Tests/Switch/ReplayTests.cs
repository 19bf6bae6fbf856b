using LnRelay.Sphinx.Failures;
using LnRelay.Transport.Messages;

namespace LnRelay.Node.Tests.Switch;

/// <summary>BOLT 4 "Onion Decryption": a relay refuses an onion whose shared secret it has seen, so a replay cannot probe where the payment went.</summary>
public sealed class ReplayTests
{
    [Fact]
    public void A_replayed_onion_is_refused_as_malformed_and_not_forwarded_again()
    {
        var net = SwitchHarness.Line(3);
        var invoice = net.Invoice("c", 100_000);
        var attempt = net.Pay(invoice, "a", "b", "c");
        var original = (UpdateAddHtlcMessage)net.Queued("a", "b")[0].Message;
        net.PumpUntilQuiet();
        Assert.Equal(Node.Switch.AttemptOutcomeKind.Fulfilled, attempt.Outcome.Kind);

        // Someone on the a-b link re-sends the same onion as a new HTLC.
        var replay = new UpdateAddHtlcMessage(original.ChannelId, original.HtlcId + 1, original.AmountMsat, original.PaymentHash, original.CltvExpiry, original.OnionRoutingPacket);
        net.Inject("a", "b", replay);
        Assert.True(net.DeliverNext("a", "b"));

        var answer = Assert.Single(net.Queued("b", "a"));
        var malformed = Assert.IsType<UpdateFailMalformedHtlcMessage>(answer.Message);
        Assert.Equal((ushort)FailureCode.InvalidOnionHmac, malformed.FailureCode);
        Assert.Empty(net.Queued("b", "c"));
        Assert.Single(net.Delivered, e => e.To == "c" && e.Message is UpdateAddHtlcMessage);
    }
}
