using LnRelay.Node.Channels;
using LnRelay.Node.Logging;
using LnRelay.Sphinx.Failures;
using LnRelay.Transport.Messages;
using Microsoft.Extensions.Logging;

namespace LnRelay.Node.Switch;

// Resolutions coming back from downstream (BOLT 2 "Removing an HTLC", BOLT 4 "Returning Errors").
public sealed partial class HtlcSwitch
{
    private void OnFulfill(ChannelState channel, UpdateFulfillHtlcMessage fulfill)
    {
        var refusal = channel.TrySettleOffered(fulfill.HtlcId, fulfill.PaymentPreimage.Span, out var htlc);
        if (refusal != HtlcRemoveRefusal.None)
        {
            Violation(channel.RemoteName, fulfill.ChannelId, $"update_fulfill_htlc {fulfill.HtlcId} refused: {refusal}");
            return;
        }

        var hashHex = Convert.ToHexStringLower(htlc.PaymentHash);
        var preimage = fulfill.PaymentPreimage.ToArray();
        var key = (channel.ShortChannelId.Value, htlc.Id);
        if (_circuits.Remove(key, out var circuit))
        {
            // BOLT 2 "Forwarding HTLCs": a fulfilled outgoing HTLC is fulfilled upstream at once.
            var incoming = _channels[circuit.IncomingScid];
            Settle(incoming, incoming.Received[circuit.IncomingId], preimage, hashHex);
            return;
        }

        if (_attempts.Remove(key, out var attempt))
        {
            _log.LogInformation(NodeLogEvents.HtlcSettled, "Settled {PaymentHash} HTLC {HtlcId} on {Scid} ({AmountMsat} msat): our payment arrived", hashHex, htlc.Id, channel.ShortChannelId.ToString(), htlc.AmountMsat);
            attempt.Complete(AttemptOutcome.Fulfilled(preimage));
        }
    }

    private void OnFail(ChannelState channel, UpdateFailHtlcMessage fail)
    {
        if (channel.TryFailOffered(fail.HtlcId, out var htlc) != HtlcRemoveRefusal.None)
        {
            Violation(channel.RemoteName, fail.ChannelId, $"update_fail_htlc {fail.HtlcId} refused: no such HTLC in flight");
            return;
        }

        var hashHex = Convert.ToHexStringLower(htlc.PaymentHash);
        var key = (channel.ShortChannelId.Value, htlc.Id);
        if (_circuits.Remove(key, out var circuit))
        {
            // We cannot read the failure; we add our layer of obfuscation and pass it on.
            var incoming = _channels[circuit.IncomingScid];
            FailReceived(incoming, incoming.Received[circuit.IncomingId], FailurePacket.Wrap(circuit.SharedSecret, fail.Reason.Span), "failed downstream", hashHex);
            return;
        }

        if (_attempts.Remove(key, out var attempt))
        {
            attempt.Complete(AttemptOutcome.FailedRemote(fail.Reason.ToArray()));
        }
    }

    private void OnMalformed(ChannelState channel, UpdateFailMalformedHtlcMessage malformed)
    {
        // The decoder already refused a failure_code without the BADONION bit (BOLT 2).
        if (channel.TryFailOffered(malformed.HtlcId, out var htlc) != HtlcRemoveRefusal.None)
        {
            Violation(channel.RemoteName, malformed.ChannelId, $"update_fail_malformed_htlc {malformed.HtlcId} refused: no such HTLC in flight");
            return;
        }

        var hashHex = Convert.ToHexStringLower(htlc.PaymentHash);
        var key = (channel.ShortChannelId.Value, htlc.Id);
        if (_circuits.Remove(key, out var circuit))
        {
            // The next hop could not read the onion, so it could not build a failure packet:
            // we build our own from its code and sha256_of_onion (BOLT 4 "Returning Errors").
            var incoming = _channels[circuit.IncomingScid];
            if (!FailurePacket.TryCreateFromMalformed(circuit.SharedSecret, malformed.FailureCode, malformed.Sha256OfOnion.Span, out var reason, _options.FailurePaddedLength))
            {
                throw new InvalidOperationException("A malformed failure without the BADONION bit passed the decoder.");
            }

            FailReceived(incoming, incoming.Received[circuit.IncomingId], reason, $"malformed downstream ({((FailureCode)malformed.FailureCode).SpecName()})", hashHex);
            return;
        }

        if (_attempts.Remove(key, out var attempt))
        {
            attempt.Complete(AttemptOutcome.FailedMalformed((FailureCode)malformed.FailureCode, malformed.Sha256OfOnion.ToArray()));
        }
    }
}
