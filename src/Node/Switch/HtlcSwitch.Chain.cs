using LnRelay.Node.Channels;
using LnRelay.Node.Logging;
using LnRelay.Node.Store;
using LnRelay.Sphinx.Failures;
using Microsoft.Extensions.Logging;

namespace LnRelay.Node.Switch;

// Entry point: the simulated chain's height, and the expiry of HTLCs we offered (forwarded
// or originated) that it brings (BOLT 2 "Forwarding HTLCs": fail upstream before our own expiry).
internal sealed partial class HtlcSwitch
{
    /// <summary>
    /// Moves the simulated chain (the control API, the network's schedule through ChainFollower, and <c>lnrelay bench network</c>'s miner). Outgoing HTLCs that
    /// reach their expiry minus the safety margin unresolved are timed out: the amount
    /// returns to us (as an on-chain timeout would) and the incoming HTLC is failed
    /// upstream with temporary_channel_failure. A resolution arriving later is refused.
    /// False if the height would go down.
    /// </summary>
    public bool TrySetBlockHeight(uint height)
    {
        using var group = Journal.OpenGroup();
        lock (_gate)
        {
            if (height < _height)
            {
                return false;
            }

            _height = height;
            if (Journal.Keeps)
            {
                Journal.Stage(new NodeSaved(_nodeKey.PublicKey.ToBytes(), height));
            }

            _replay.PruneExpired(height);
            ChainLog.Height(_log, height);
            ExpireOffered(whileDown: false);
            return true;
        }
    }

    /// <summary>
    /// At start, after the store's state is back (docs/store.md, "Recovery"): HTLCs we
    /// offered whose expiry minus the margin passed while this node was down are timed out
    /// by the same rule as a live block would (the log says they expired while it was down).
    /// Returns how many.
    /// </summary>
    internal int ExpireAfterRestart()
    {
        using var group = Journal.OpenGroup();
        lock (_gate)
        {
            return ExpireOffered(whileDown: true);
        }
    }

    private int ExpireOffered(bool whileDown)
    {
        // Every node runs this at every block, nearly always to find nothing: it allocates only
        // when an HTLC has expired (timing out changes Offered, so those are listed first).
        var count = 0;
        var limit = (ulong)_height + _options.ExpirySafetyMarginBlocks;
        foreach (var channel in _channels.Values)
        {
            if (channel.OfferedExpiringBy(limit) is not { } expired)
            {
                continue;
            }

            foreach (var htlc in expired)
            {
                TimeOut(channel, htlc, whileDown);
                count++;
            }
        }

        return count;
    }

    private void TimeOut(ChannelState channel, Htlc htlc, bool whileDown)
    {
        channel.TryFailOffered(htlc.Id, out _);
        var hashHex = Convert.ToHexStringLower(htlc.PaymentHash);
        _log.LogWarning(
            NodeLogEvents.HtlcTimedOut,
            "Timed out {PaymentHash} HTLC {HtlcId} on {Scid}: {Peer} did not resolve it before expiry {CltvExpiry} minus {Margin} blocks{WhileDown}",
            hashHex, htlc.Id, channel.ShortChannelIdText, channel.RemoteName, htlc.CltvExpiry, _options.ExpirySafetyMarginBlocks,
            whileDown ? $" (the height {_height} was reached while this node was down; handled at start)" : "");
        Resolve(
            channel,
            htlc,
            (incoming, received, circuit) => FailUpstream(incoming, received, circuit, hashHex, () =>
                FailBack(incoming, received, circuit.SharedSecret, new HtlcFailure(LocalFailureCause.DownstreamTimedOut, FailureMessage.TemporaryChannelFailure(_channelUpdate(channel))), hashHex)),
            () => AttemptOutcome.FailedLocal(LocalFailureCause.DownstreamTimedOut, $"timed out: {channel.RemoteName} did not resolve it before expiry"));
    }
}
