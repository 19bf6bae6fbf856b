using LnRelay.Node.Channels;
using LnRelay.Node.Logging;
using LnRelay.Node.Routing;
using LnRelay.Sphinx.Failures;
using LnRelay.Transport.Messages;
using Microsoft.Extensions.Logging;

namespace LnRelay.Node.Switch;

// The origin's side (BOLT 4 "Packet Construction" is done by the caller) and the simulated chain.
public sealed partial class HtlcSwitch
{
    private readonly Dictionary<(ulong Scid, ulong Id), OriginAttempt> _attempts = [];

    /// <summary>This node's spendable balance per channel, for pathfinding (scid → msat).</summary>
    public Dictionary<ulong, ulong> SpendableBalances()
    {
        lock (_gate)
        {
            return _channels.Values
                .Where(c => _outbox.IsConnected(c.RemoteName) && c.Refusal is null)
                .ToDictionary(c => c.ShortChannelId.Value, c => c.LocalBalanceMsat);
        }
    }

    /// <summary>
    /// Offers the first HTLC of a payment on the route's first channel with an onion the
    /// caller built (associated data = payment_hash). The task completes when the HTLC
    /// is resolved; it never throws for a protocol outcome.
    /// </summary>
    public Task<AttemptOutcome> StartAttempt(Route route, byte[] paymentHash, byte[] onion)
    {
        lock (_gate)
        {
            var first = route.First;
            if (!_channels.TryGetValue(first.IncomingChannel.Value, out var channel))
            {
                return Task.FromResult(AttemptOutcome.FailedLocal($"{first.IncomingChannel} is not one of our channels"));
            }

            if (channel.Refusal is { } refused)
            {
                return Task.FromResult(AttemptOutcome.FailedLocal($"{channel.ShortChannelId} is not in use: {refused}"));
            }

            if (!_outbox.IsConnected(channel.RemoteName))
            {
                return Task.FromResult(AttemptOutcome.FailedLocal($"{channel.RemoteName} is not connected"));
            }

            var refusal = channel.TryOffer(first.IncomingAmountMsat, paymentHash, first.IncomingCltvExpiry, out var htlc);
            if (refusal != HtlcAddRefusal.None)
            {
                return Task.FromResult(AttemptOutcome.FailedLocal($"{channel.ShortChannelId} cannot carry it: {refusal}"));
            }

            var attempt = new OriginAttempt(paymentHash);
            _attempts[(channel.ShortChannelId.Value, htlc.Id)] = attempt;
            var hashHex = Convert.ToHexStringLower(paymentHash);
            HopViewLog.Origin(_log, hashHex, channel.RemoteName, channel.ShortChannelId.ToString(), htlc.AmountMsat, htlc.CltvExpiry, route.Final.Node.Name, route.Hops.Count, route.ToString());
            _outbox.Enqueue(channel.RemoteName, new UpdateAddHtlcMessage(channel.ChannelId, htlc.Id, htlc.AmountMsat, paymentHash, htlc.CltvExpiry, onion));
            return attempt.Task;
        }
    }

    /// <summary>
    /// Moves the simulated chain (the control API, the network's schedule through ChainFollower, and <c>lnrelay bench network</c>'s miner). Outgoing HTLCs that
    /// reach their expiry minus the safety margin unresolved are timed out: the amount
    /// returns to us (as an on-chain timeout would) and the incoming HTLC is failed
    /// upstream with temporary_channel_failure. A resolution arriving later is refused.
    /// False if the height would go down.
    /// </summary>
    public bool TrySetBlockHeight(uint height)
    {
        lock (_gate)
        {
            if (height < _height)
            {
                return false;
            }

            _height = height;
            _replay.PruneExpired(height);
            _log.LogInformation(NodeLogEvents.BlockHeightChanged, "Block height is now {Height}", height);
            foreach (var channel in _channels.Values)
            {
                var expired = channel.Offered.Values
                    .Where(h => (ulong)height + _options.ExpirySafetyMarginBlocks >= h.CltvExpiry)
                    .ToList();
                foreach (var htlc in expired)
                {
                    TimeOut(channel, htlc);
                }
            }

            return true;
        }
    }

    private void TimeOut(ChannelState channel, Htlc htlc)
    {
        channel.TryFailOffered(htlc.Id, out _);
        var hashHex = Convert.ToHexStringLower(htlc.PaymentHash);
        _log.LogWarning(
            NodeLogEvents.HtlcTimedOut,
            "Timed out {PaymentHash} HTLC {HtlcId} on {Scid}: {Peer} did not resolve it before expiry {CltvExpiry} minus {Margin} blocks",
            hashHex, htlc.Id, channel.ShortChannelId.ToString(), channel.RemoteName, htlc.CltvExpiry, _options.ExpirySafetyMarginBlocks);
        var key = (channel.ShortChannelId.Value, htlc.Id);
        if (_circuits.Remove(key, out var circuit))
        {
            var incoming = _channels[circuit.IncomingScid];
            FailBack(incoming, incoming.Received[circuit.IncomingId], circuit.SharedSecret, FailureMessage.TemporaryChannelFailure(_channelUpdate(channel)), hashHex);
        }
        else if (_attempts.Remove(key, out var attempt))
        {
            attempt.Complete(AttemptOutcome.FailedLocal($"timed out: {channel.RemoteName} did not resolve it before expiry"));
        }
    }
}
