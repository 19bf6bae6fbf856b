using LnRelay.Crypto;
using LnRelay.Node.Channels;
using LnRelay.Node.Invoices;
using LnRelay.Node.Logging;
using LnRelay.Sphinx;
using LnRelay.Sphinx.Failures;
using LnRelay.Sphinx.Onion;
using LnRelay.Sphinx.Replay;
using LnRelay.Transport.Messages;
using Microsoft.Extensions.Logging;

namespace LnRelay.Node.Switch;

/// <summary>
/// The HTLC switch: every channel of this node, and every decision about an HTLC
/// (forward, settle, fail), made under one lock so that the ledger, the circuits and
/// the order of messages on the wire always agree. It never touches a socket: it
/// reads decoded messages and events, and puts messages into an <see cref="IPeerOutbox"/>.
/// <para>
/// No HTLC is resolved twice or left unresolved: a forward that cannot be sent is
/// failed at once; a downstream peer that disappears while an HTLC is out has until
/// the outgoing expiry minus <see cref="SwitchOptions.ExpirySafetyMarginBlocks"/> to
/// resolve it, after which the HTLC is failed upstream and a late answer is refused.
/// </para>
/// </summary>
public sealed partial class HtlcSwitch
{
    private readonly Lock _gate = new();
    private readonly PrivateKey _nodeKey;
    private readonly Dictionary<ulong, ChannelState> _channels = [];
    private readonly Dictionary<ChannelId, ChannelState> _byChannelId = [];
    private readonly Dictionary<(ulong Scid, ulong Id), ForwardCircuit> _circuits = [];
    private readonly InvoiceBook _invoices;
    private readonly IPeerOutbox _outbox;
    private readonly ILogger _log;
    private readonly SwitchOptions _options;
    private readonly Func<ChannelState, byte[]?> _channelUpdate;
    private readonly OnionReplayGuard _replay;
    // Read without the lock (every peer's read loop asks for it on every message); set
    // under it, so one forward sees one set of faults throughout.
    private volatile FaultInjectionOptions _faults = FaultInjectionOptions.None;

    // The peel's result buffer: peels run under _gate, and everything kept from a result
    // is copied out before the lock is released.
    private readonly byte[] _peelBuffer = new byte[OnionPeeler.BufferSize];
    private uint _height;

    /// <param name="nodeName">This node's name (for logs only).</param>
    /// <param name="nodeKey">The node's identity key: it peels onions.</param>
    /// <param name="channels">This node's channels.</param>
    /// <param name="invoices">Invoices this node issued as a payee.</param>
    /// <param name="outbox">Where outgoing messages go.</param>
    /// <param name="height">The simulated chain's height.</param>
    /// <param name="channelUpdate">Our signed channel_update for a channel, without its 0x0102 type (the failure encoder adds it), for UPDATE failures; null to send none.</param>
    /// <param name="options">Limits and margins.</param>
    /// <param name="log">The node's logger.</param>
    /// <param name="replay">The log of onions already seen (a fresh one unless a test shares one).</param>
    public HtlcSwitch(
        string nodeName,
        PrivateKey nodeKey,
        IEnumerable<ChannelState> channels,
        InvoiceBook invoices,
        IPeerOutbox outbox,
        uint height,
        Func<ChannelState, byte[]?> channelUpdate,
        SwitchOptions options,
        ILogger log,
        OnionReplayGuard? replay = null)
    {
        NodeName = nodeName;
        _nodeKey = nodeKey;
        _invoices = invoices;
        _outbox = outbox;
        _height = height;
        _channelUpdate = channelUpdate;
        _options = options;
        _log = log;
        _replay = replay ?? new OnionReplayGuard();
        foreach (var c in channels)
        {
            _channels.Add(c.ShortChannelId.Value, c);
            _byChannelId.Add(c.ChannelId, c);
        }
    }

    public string NodeName { get; }

    public uint BlockHeight
    {
        get
        {
            lock (_gate)
            {
                return _height;
            }
        }
    }

    /// <summary>Onions in the replay log: those whose HTLC expiry the chain has not yet passed.</summary>
    public int ReplayLogCount => _replay.Count;

    public FaultInjectionOptions Faults
    {
        get => _faults;

        set
        {
            lock (_gate)
            {
                _faults = value;
            }
        }
    }

    /// <summary>Runs <paramref name="read"/> under the switch's lock: a consistent snapshot of the channels.</summary>
    public T Read<T>(Func<IReadOnlyCollection<ChannelState>, T> read)
    {
        lock (_gate)
        {
            return read(_channels.Values);
        }
    }

    /// <summary>Replaces this node's policy for one channel (BOLT 7: what it charges for forwarding over it). False if the channel is not ours.</summary>
    public bool TrySetPolicy(ShortChannelId scid, ChannelPolicy policy)
    {
        lock (_gate)
        {
            if (!_channels.TryGetValue(scid.Value, out var channel))
            {
                return false;
            }

            channel.LocalPolicy = policy;
            _log.LogInformation(NodeLogEvents.PolicyChanged, "Policy for {Scid} is now {Policy}", scid.ToString(), policy);
            return true;
        }
    }

    /// <summary>One HTLC update message from a peer. Protocol violations are answered with a warning and change nothing.</summary>
    public void OnMessage(string peer, HtlcUpdateMessage message)
    {
        lock (_gate)
        {
            if (!_byChannelId.TryGetValue(message.ChannelId, out var channel) || channel.RemoteName != peer)
            {
                Violation(peer, message.ChannelId, $"no channel {message.ChannelId} with {peer}");
                return;
            }

            switch (message)
            {
                case UpdateAddHtlcMessage add:
                    OnAdd(channel, add);
                    break;
                case UpdateFulfillHtlcMessage fulfill:
                    OnFulfill(channel, fulfill);
                    break;
                case UpdateFailHtlcMessage fail:
                    OnFail(channel, fail);
                    break;
                case UpdateFailMalformedHtlcMessage malformed:
                    OnMalformed(channel, malformed);
                    break;
            }
        }
    }

    private void OnAdd(ChannelState channel, UpdateAddHtlcMessage add)
    {
        var hash = add.PaymentHash.ToArray();
        var refusal = channel.TryReceive(add.HtlcId, add.AmountMsat, hash, add.CltvExpiry, out var htlc);
        if (refusal != HtlcAddRefusal.None)
        {
            Violation(channel.RemoteName, add.ChannelId, $"update_add_htlc {add.HtlcId} refused: {refusal}");
            return;
        }

        var hashHex = Convert.ToHexStringLower(hash);
        // The replay guard is consulted once the HMAC verifies (BOLT 4 "Onion Decryption": an
        // onion seen before must be failed, or an intermediary could re-send it to learn
        // where it goes next); a replay comes back Malformed like any bad onion.
        var peel = OnionPeeler.Peel(_nodeKey, hash, add.OnionRoutingPacket.Span, _peelBuffer, _replay, htlc.CltvExpiry);
        switch (peel.Outcome)
        {
            case OnionPeelOutcome.Malformed:
                FailMalformed(channel, htlc, peel.FailureCode, peel.Sha256OfOnion.Span, hashHex);
                return;
            case OnionPeelOutcome.PayloadFailure:
                // invalid_onion_payload names the TLV at fault; a full replay log is temporary_node_failure.
                var failure = peel.FailureCode == FailureCode.InvalidOnionPayload ? peel.PayloadError.ToFailureMessage() : FailureMessage.Create(peel.FailureCode);
                FailBack(channel, htlc, peel.SharedSecret.Span, failure, hashHex);
                return;
            case OnionPeelOutcome.Final:
                OnFinal(channel, htlc, peel, hashHex);
                return;
            default:
                OnForward(channel, htlc, peel, hashHex);
                return;
        }
    }

    private void OnForward(ChannelState incoming, Htlc htlc, OnionPeelResult peel, string hashHex)
    {
        var payload = peel.RelayPayload!;
        var outgoing = UsableChannel(payload.ShortChannelId.Value);
        var failure = ForwardingChecks.Check(
            htlc.AmountMsat,
            htlc.CltvExpiry,
            payload,
            outgoing,
            outgoing is not null && _outbox.IsConnected(outgoing.RemoteName),
            _height,
            _options,
            _faults,
            _channelUpdate);
        HopViewLog.Relay(
            _log, hashHex, incoming.RemoteName, incoming.ShortChannelId.ToString(), htlc.AmountMsat, htlc.CltvExpiry,
            outgoing?.RemoteName ?? "(unknown)", payload.ShortChannelId.ToString(), payload.AmountToForwardMsat, payload.OutgoingCltvValue);
        if (failure is not null)
        {
            FailBack(incoming, htlc, peel.SharedSecret.Span, failure, hashHex);
            return;
        }

        var offered = outgoing!.TryOffer(payload.AmountToForwardMsat, htlc.PaymentHash, payload.OutgoingCltvValue, out var outHtlc);
        if (offered != HtlcAddRefusal.None)
        {
            // The checks above asked CanOffer under this same lock: reaching here is a bug.
            throw new InvalidOperationException($"Offer refused after the checks passed: {offered}.");
        }

        var onion = peel.NextPacket.ToArray();
        if (_faults.CorruptForwardedOnions)
        {
            // One byte of the routing info: the next hop's HMAC check fails (BADONION, invalid_onion_hmac).
            onion[OnionPacket.RoutingInfoOffset] ^= 0x01;
        }

        _circuits[(outgoing.ShortChannelId.Value, outHtlc.Id)] = new ForwardCircuit(
            incoming.ShortChannelId.Value, htlc.Id, incoming.RemoteName, peel.SharedSecret.ToArray(),
            outgoing.ShortChannelId.Value, outHtlc.Id, outgoing.RemoteName, htlc.PaymentHash);
        var message = new UpdateAddHtlcMessage(outgoing.ChannelId, outHtlc.Id, outHtlc.AmountMsat, outHtlc.PaymentHash, outHtlc.CltvExpiry, onion);
        _outbox.Enqueue(outgoing.RemoteName, message, TimeSpan.FromMilliseconds(_faults.ForwardDelayMs));
        _log.LogInformation(
            NodeLogEvents.HtlcForwarded,
            "Forwarded {PaymentHash} HTLC {HtlcId} on {Scid} as HTLC {OutHtlcId} on {OutScid}",
            hashHex, htlc.Id, incoming.ShortChannelId.ToString(), outHtlc.Id, outgoing.ShortChannelId.ToString());
    }

    private void OnFinal(ChannelState channel, Htlc htlc, OnionPeelResult peel, string hashHex)
    {
        HopViewLog.Final(_log, hashHex, channel.RemoteName, channel.ShortChannelId.ToString(), htlc.AmountMsat, htlc.CltvExpiry);
        var failure = FinalHopChecks.Check(htlc.AmountMsat, htlc.CltvExpiry, htlc.PaymentHash, peel.FinalPayload!, _invoices, _height, out var invoice);
        if (failure is not null)
        {
            FailBack(channel, htlc, peel.SharedSecret.Span, failure, hashHex);
            return;
        }

        if (!_invoices.TryClaim(invoice!, out var preimage))
        {
            // HTLCs are checked and claimed under the switch lock, so only an expiry sweep (from
            // the control API creating an invoice) can take it in between: the invoice expired.
            FailBack(channel, htlc, peel.SharedSecret.Span, FailureMessage.IncorrectOrUnknownPaymentDetails(htlc.AmountMsat, _height), hashHex);
            return;
        }

        Settle(channel, htlc, preimage, hashHex);
    }

    /// <summary>Fulfils an HTLC the peer offered and tells the peer.</summary>
    private void Settle(ChannelState channel, Htlc htlc, byte[] preimage, string hashHex)
    {
        if (channel.TrySettleReceived(htlc.Id, preimage, out _) != HtlcRemoveRefusal.None)
        {
            throw new InvalidOperationException($"Settling HTLC {htlc.Id} on {channel.ShortChannelId} was refused.");
        }

        _outbox.Enqueue(channel.RemoteName, new UpdateFulfillHtlcMessage(channel.ChannelId, htlc.Id, preimage));
        _log.LogInformation(NodeLogEvents.HtlcSettled, "Settled {PaymentHash} HTLC {HtlcId} on {Scid} ({AmountMsat} msat)", hashHex, htlc.Id, channel.ShortChannelId.ToString(), htlc.AmountMsat);
    }

    /// <summary>Fails an HTLC the peer offered with a failure packet encrypted for the origin (BOLT 4 "Returning Errors").</summary>
    private void FailBack(ChannelState channel, Htlc htlc, ReadOnlySpan<byte> sharedSecret, FailureMessage failure, string hashHex) =>
        FailReceived(channel, htlc, FailurePacket.Create(sharedSecret, failure, _options.FailurePaddedLength), failure.Code.SpecName(), hashHex);

    private void FailReceived(ChannelState channel, Htlc htlc, byte[] reason, string why, string hashHex)
    {
        if (channel.TryFailReceived(htlc.Id, out _) != HtlcRemoveRefusal.None)
        {
            throw new InvalidOperationException($"Failing HTLC {htlc.Id} on {channel.ShortChannelId} was refused.");
        }

        _outbox.Enqueue(channel.RemoteName, new UpdateFailHtlcMessage(channel.ChannelId, htlc.Id, reason));
        _log.LogInformation(NodeLogEvents.HtlcFailed, "Failed {PaymentHash} HTLC {HtlcId} on {Scid}: {Failure}", hashHex, htlc.Id, channel.ShortChannelId.ToString(), why);
    }

    private void FailMalformed(ChannelState channel, Htlc htlc, FailureCode code, ReadOnlySpan<byte> sha256OfOnion, string hashHex)
    {
        channel.TryFailReceived(htlc.Id, out _);
        _outbox.Enqueue(channel.RemoteName, new UpdateFailMalformedHtlcMessage(channel.ChannelId, htlc.Id, sha256OfOnion.ToArray(), (ushort)code));
        _log.LogInformation(NodeLogEvents.HtlcFailed, "Failed {PaymentHash} HTLC {HtlcId} on {Scid} as malformed: {Failure}", hashHex, htlc.Id, channel.ShortChannelId.ToString(), code.SpecName());
    }

    private void Violation(string peer, ChannelId channelId, string what)
    {
        _log.LogWarning(NodeLogEvents.PeerProtocolViolation, "Protocol violation by {Peer}: {Violation}", peer, what);
        _outbox.Enqueue(peer, WarningMessage.FromText(channelId, what));
    }
}
