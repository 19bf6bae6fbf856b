using LnRelay.Crypto;
using LnRelay.Node.Channels;
using LnRelay.Node.Invoices;
using LnRelay.Node.Logging;
using LnRelay.Node.Store;
using LnRelay.Sphinx;
using LnRelay.Sphinx.Failures;
using LnRelay.Sphinx.Replay;
using LnRelay.Transport.Messages;
using Microsoft.Extensions.Logging;

namespace LnRelay.Node.Switch;

/// <summary>
/// The HTLC switch: every channel of this node, and every decision about an HTLC
/// (forward, settle, fail), made under one lock so that the ledger, the circuits and
/// the order of messages on the wire always agree. It never touches a socket: it
/// reads decoded messages and events, and puts messages into an <see cref="IPeerOutbox"/>.
/// One entry point per partial file: the origin's attempts (<c>HtlcSwitch.Origin.cs</c>),
/// the chain's height and expiry (<c>HtlcSwitch.Chain.cs</c>), peers' messages
/// (<c>HtlcSwitch.Peer.cs</c>); this file holds the state and the shared resolution path.
/// <para>
/// No HTLC is resolved twice or left unresolved: a forward that cannot be sent is
/// failed at once; a downstream peer that disappears while an HTLC is out has until
/// the outgoing expiry minus <see cref="SwitchOptions.ExpirySafetyMarginBlocks"/> to
/// resolve it, after which the HTLC is failed upstream and a late answer is refused.
/// </para>
/// <para>
/// Every decision's changes are staged in the node's store as one group (docs/store.md):
/// the group is opened before the lock, the changes are staged under it, and the peer
/// links send what follows only once the store has them.
/// </para>
/// </summary>
internal sealed partial class HtlcSwitch
{
    private readonly Lock _gate = new();
    private readonly PrivateKey _nodeKey;
    private readonly Dictionary<ulong, ChannelState> _channels = [];
    private readonly Dictionary<ChannelId, ChannelState> _byChannelId = [];
    // Our outgoing HTLCs, by where they went: those we forwarded (with the incoming HTLC they
    // resolve upstream) and those we originated (with the payment attempt waiting on them).
    private readonly Dictionary<HtlcKey, ForwardCircuit> _circuits = [];
    private readonly Dictionary<HtlcKey, OriginAttempt> _attempts = [];
    private readonly InvoiceBook _invoices;
    private readonly IPeerOutbox _outbox;
    private readonly ILogger _log;
    private readonly SwitchOptions _options;
    private readonly Func<ChannelState, byte[]?> _channelUpdate;
    private readonly OnionReplayGuard _replay;
    // Shared with the peer connections (the peer-drop fault); a forward reads it once.
    private readonly FaultInjection _faults;
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
    /// <param name="faults">The faults this node commits (none unless given).</param>
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
        FaultInjection? faults = null,
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
        _faults = faults ?? new FaultInjection();
        _replay = replay ?? new OnionReplayGuard();
        foreach (var c in channels)
        {
            _channels.Add(c.ShortChannelId.Value, c);
            _byChannelId.Add(c.ChannelId, c);
        }
    }

    public string NodeName { get; }

    /// <summary>Where decisions are staged (the node's store; nothing in memory-only mode). Set once, before the switch is used.</summary>
    internal IDecisionJournal Journal { get; init; } = InMemoryJournal.Instance;

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

    /// <summary>The faults this node commits now (shared with its peer connections).</summary>
    public FaultInjectionOptions Faults
    {
        get => _faults.Current;
        set => _faults.Current = value;
    }

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
        using var group = Journal.OpenGroup();
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

    /// <summary>
    /// The one path for an outgoing HTLC that has been resolved (by the peer, or timed out by
    /// the chain): if we forwarded it, the circuit goes and <paramref name="upstream"/> acts on
    /// the incoming HTLC; if we originated it, the attempt completes with <paramref name="origin"/>'s outcome.
    /// </summary>
    private void Resolve(ChannelState channel, Htlc htlc, Action<ChannelState, Htlc, ForwardCircuit> upstream, Func<AttemptOutcome> origin) =>
        Resolve(channel, htlc, (Upstream: upstream, Origin: origin), static (_, actions, incoming, received, circuit) => actions.Upstream(incoming, received, circuit), static (_, actions) => actions.Origin());

    /// <summary>
    /// <see cref="Resolve(ChannelState, Htlc, Action{ChannelState, Htlc, ForwardCircuit}, Func{AttemptOutcome})"/>
    /// with what the two actions need passed as <paramref name="state"/>, so that static lambdas
    /// serve and a resolution allocates no closure: every hop of every payment resolves one HTLC.
    /// </summary>
    private void Resolve<TState>(ChannelState channel, Htlc htlc, TState state, Action<HtlcSwitch, TState, ChannelState, Htlc, ForwardCircuit> upstream, Func<HtlcSwitch, TState, AttemptOutcome> origin)
    {
        var key = new HtlcKey(channel.ShortChannelId.Value, htlc.Id);
        if (_circuits.Remove(key, out var circuit))
        {
            if (Journal.Keeps)
            {
                Journal.Stage(new CircuitClosed(key.Scid, key.Id));
            }

            var incoming = _channels[circuit.Incoming.Scid];
            upstream(this, state, incoming, incoming.Received[circuit.Incoming.Id], circuit);
        }
        else if (_attempts.Remove(key, out var attempt))
        {
            // A fulfilled HTLC keeps its row, with the secret, until the payer has recorded the
            // payment's end (PaymentStore.Complete removes it): a restart in between must not
            // lose a payment that reached the payee (docs/store.md, "Recovery").
            var outcome = origin(this, state);
            if (Journal.Keeps)
            {
                Journal.Stage(outcome.Kind == AttemptOutcomeKind.Fulfilled
                    ? new OriginHtlcSettled(key.Scid, key.Id, outcome.Preimage!, htlc.AmountMsat)
                    : new OriginHtlcRemoved(key.Scid, key.Id));
            }

            attempt.Complete(outcome);
        }
    }

    /// <summary>Fulfils an HTLC the peer offered and tells the peer.</summary>
    private void Settle(ChannelState channel, Htlc htlc, byte[] preimage, string hashHex)
    {
        if (channel.TrySettleReceived(htlc.Id, preimage, out _) != HtlcRemoveRefusal.None)
        {
            throw new InvalidOperationException($"Settling HTLC {htlc.Id} on {channel.ShortChannelId} was refused.");
        }

        _outbox.Enqueue(channel.RemoteName, FulfillMessage(channel, htlc, preimage));
        HtlcLog.Settled(_log, hashHex, htlc.Id, channel.ShortChannelIdText, htlc.AmountMsat);
    }

    /// <summary>Fails an HTLC the peer offered with a failure packet encrypted for the origin (BOLT 4 "Returning Errors").</summary>
    private void FailBack(ChannelState channel, Htlc htlc, ReadOnlySpan<byte> sharedSecret, HtlcFailure failure, string hashHex) =>
        FailReceived(channel, htlc, FailurePacket.Create(sharedSecret, failure.Message, _options.FailurePaddedLength), failure.Message.Code.SpecName(), failure.Cause, hashHex);

    private void FailReceived(ChannelState channel, Htlc htlc, byte[] reason, string why, LocalFailureCause cause, string hashHex, TimeSpan delay = default)
    {
        if (channel.TryFailReceived(htlc.Id, out _) != HtlcRemoveRefusal.None)
        {
            throw new InvalidOperationException($"Failing HTLC {htlc.Id} on {channel.ShortChannelId} was refused.");
        }

        _outbox.Enqueue(channel.RemoteName, new UpdateFailHtlcMessage(channel.ChannelId, htlc.Id, reason), delay);
        HtlcLog.Failed(_log, hashHex, htlc.Id, channel.ShortChannelIdText, why, cause.Name());
    }

    private void FailMalformed(ChannelState channel, Htlc htlc, FailureCode code, ReadOnlySpan<byte> sha256OfOnion, string hashHex, LocalFailureCause cause = LocalFailureCause.UnreadableOnion)
    {
        channel.TryFailReceived(htlc.Id, out _);
        _outbox.Enqueue(channel.RemoteName, new UpdateFailMalformedHtlcMessage(channel.ChannelId, htlc.Id, sha256OfOnion.ToArray(), (ushort)code));
        HtlcLog.FailedMalformed(_log, hashHex, htlc.Id, channel.ShortChannelIdText, code.SpecName(), cause.Name());
    }

    private void Violation(string peer, ChannelId channelId, string what)
    {
        _log.LogWarning(NodeLogEvents.PeerProtocolViolation, "Protocol violation by {Peer}: {Violation}", peer, what);
        _outbox.Enqueue(peer, WarningMessage.FromText(channelId, what));
    }
}
