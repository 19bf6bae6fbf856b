using LnRelay.Node.Channels;
using LnRelay.Node.Logging;
using LnRelay.Node.Payments;
using LnRelay.Node.Routing;
using LnRelay.Node.Store;
using LnRelay.Transport.Messages;

namespace LnRelay.Node.Switch;

// Entry point: the origin's first HTLC of an attempt (BOLT 4 "Packet Construction" is done by the caller).
public sealed partial class HtlcSwitch
{
    /// <summary>
    /// Offers the first HTLC of a payment on the route's first channel with an onion the
    /// caller built (associated data = payment_hash). The task completes when the HTLC
    /// is resolved; it never throws for a protocol outcome.
    /// </summary>
    public Task<AttemptOutcome> StartAttempt(Route route, byte[] paymentHash, byte[] onion, BlindedDestination? blinded = null)
    {
        using var group = Journal.OpenGroup();
        lock (_gate)
        {
            var first = route.First;
            if (!_channels.TryGetValue(first.IncomingChannel.Value, out var channel))
            {
                return Task.FromResult(AttemptOutcome.FailedLocal(LocalFailureCause.NotOurChannel, $"{first.IncomingChannel} is not one of our channels"));
            }

            if (channel.Refusal is { } refused)
            {
                return Task.FromResult(AttemptOutcome.FailedLocal(LocalFailureCause.NotOurChannel, $"{channel.ShortChannelId} is not in use: {refused}"));
            }

            if (!_outbox.IsConnected(channel.RemoteName))
            {
                return Task.FromResult(AttemptOutcome.FailedLocal(LocalFailureCause.PeerOffline, $"{channel.RemoteName} is not connected"));
            }

            var refusal = channel.TryOffer(first.IncomingAmountMsat, paymentHash, first.IncomingCltvExpiry, out var htlc);
            if (refusal != HtlcAddRefusal.None)
            {
                return Task.FromResult(AttemptOutcome.FailedLocal(HtlcFailure.CauseOf(refusal), $"{channel.ShortChannelId} cannot carry it: {refusal}"));
            }

            var attempt = new OriginAttempt();
            _attempts[new HtlcKey(channel.ShortChannelId.Value, htlc.Id)] = attempt;
            Journal.Stage(new OriginHtlcAdded(channel.ShortChannelId.Value, htlc.Id, paymentHash));
            var hashHex = Convert.ToHexStringLower(paymentHash);
            if (blinded is null)
            {
                HopViewLog.Origin(_log, hashHex, channel.RemoteName, channel.ShortChannelId.ToString(), htlc.AmountMsat, htlc.CltvExpiry, route.Final.Node.Name, route.Hops.Count, route.ToString());
            }
            else
            {
                var seen = blinded.Summary;
                HopViewLog.BlindedOrigin(_log, hashHex, channel.RemoteName, channel.ShortChannelId.ToString(), htlc.AmountMsat, htlc.CltvExpiry, blinded.ToString(), route.Hops.Count - 1 + seen.BlindedHops, route.ToString(), seen.IntroductionNode, seen.BlindedHops, seen.BlobLength);
            }

            _outbox.Enqueue(channel.RemoteName, new UpdateAddHtlcMessage(channel.ChannelId, htlc.Id, htlc.AmountMsat, paymentHash, htlc.CltvExpiry, onion));
            return attempt.Task;
        }
    }
}
