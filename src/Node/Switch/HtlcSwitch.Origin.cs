using LnRelay.Node.Channels;
using LnRelay.Node.Logging;
using LnRelay.Node.Payments;
using LnRelay.Node.Routing;
using LnRelay.Node.Store;

namespace LnRelay.Node.Switch;

// Entry point: the origin's first HTLC of an attempt (BOLT 4 "Packet Construction" is done by the caller).
internal sealed partial class HtlcSwitch
{
    /// <summary>
    /// Offers the first HTLC of a payment on the route's first channel with an onion the
    /// caller built (associated data = payment_hash). The task completes when the HTLC
    /// is resolved; it never throws for a protocol outcome.
    /// </summary>
    /// <param name="route">The route the onion was built for.</param>
    /// <param name="paymentHash">The payment's key: its payment_hash, or for a point-locked payment the payee point Z.</param>
    /// <param name="onion">The onion, built with the lock of each hop as its associated data.</param>
    /// <param name="blinded">The blinded path the route ends in, if any.</param>
    /// <param name="pointLock">For a point-locked payment (docs/ptlc.md): the first HTLC's lock L_1, the payer's y_0 (kept in the store to recover z after a restart) and every hop's lock for the HopView.</param>
    public Task<AttemptOutcome> StartAttempt(Route route, byte[] paymentHash, byte[] onion, BlindedDestination? blinded = null, OriginPointLock? pointLock = null)
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

            if (pointLock is not null && !_outbox.SupportsPointLocks(channel.RemoteName))
            {
                return Task.FromResult(AttemptOutcome.FailedLocal(LocalFailureCause.NoPointLocks, $"{channel.RemoteName} did not offer point locks (init feature 314/315)"));
            }

            var refusal = channel.TryOffer(first.IncomingAmountMsat, pointLock?.FirstLock ?? paymentHash, first.IncomingCltvExpiry, out var htlc);
            if (refusal != HtlcAddRefusal.None)
            {
                return Task.FromResult(AttemptOutcome.FailedLocal(HtlcFailure.CauseOf(refusal), $"{channel.ShortChannelId} cannot carry it: {refusal}"));
            }

            var attempt = new OriginAttempt();
            _attempts[new HtlcKey(channel.ShortChannelId.Value, htlc.Id)] = attempt;
            Journal.Stage(new OriginHtlcAdded(channel.ShortChannelId.Value, htlc.Id, paymentHash, pointLock?.PayerTweak));
            var hashHex = Convert.ToHexStringLower(paymentHash);
            if (blinded is null)
            {
                HopViewLog.Origin(
                    _log, hashHex, channel.RemoteName, channel.ShortChannelIdText, htlc.AmountMsat, htlc.CltvExpiry, route.Final.Node.Name, route.Hops.Count, route.ToString(),
                    HopViewLog.KindOf(htlc.PaymentHash), ReferenceEquals(htlc.PaymentHash, paymentHash) ? hashHex : Convert.ToHexStringLower(htlc.PaymentHash), pointLock is null ? null : string.Join(',', pointLock.HopLocks.Select(Convert.ToHexStringLower)));
            }
            else
            {
                var seen = blinded.Summary;
                HopViewLog.BlindedOrigin(_log, hashHex, channel.RemoteName, channel.ShortChannelIdText, htlc.AmountMsat, htlc.CltvExpiry, blinded.ToString(), route.Hops.Count - 1 + seen.BlindedHops, route.ToString(), seen.IntroductionNode, seen.BlindedHops, seen.BlobLength);
            }

            _outbox.Enqueue(channel.RemoteName, AddMessage(channel, htlc, onion));
            return attempt.Task;
        }
    }
}
