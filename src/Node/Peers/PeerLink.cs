using System.Threading.Channels;
using LnRelay.Node.Network;
using LnRelay.Node.Store;
using LnRelay.Transport.Messages;
using LnRelay.Transport.Peers;

namespace LnRelay.Node.Peers;

/// <summary>
/// One channel peer: its current session (if any), its status, and what the switch has
/// decided to send it. HTLC updates go into its <see cref="LinkLedger"/>, the link's numbered
/// log, which keeps them across sessions until the peer has them: the switch has already
/// moved money for them, so losing one would leave the two ends of a channel disagreeing.
/// Other messages (acks, warnings) only matter to the live session and go to its queue,
/// which also wakes the session's writer when the log grows.
/// <para>
/// One lock guards all of it: the live session, the status (changed only by this class's
/// methods) and the ledger (which has no lock of its own). It is never held while the switch
/// runs: the switch takes it, through the outbox, under its own lock. What a delivery needs
/// instead (a session replaced while one of its updates is in the switch must not count
/// from before that update) is a flag under the lock: <see cref="Attach"/> waits until the
/// delivery in flight, if any, has been counted.
/// </para>
/// </summary>
internal sealed class PeerLink(NetworkNode node, bool weDial, DateTimeOffset now, ulong epoch)
{
    // An object, not a Lock: Attach waits on it (Monitor.Wait) for a delivery in flight.
    private readonly object _gate = new();
    private Live? _live;

    // The session whose updates may reach the switch, and whether one is there now.
    private PeerSession? _delivering;
    private bool _inDelivery;

    private PeerState _state = PeerState.Disconnected;
    private DateTimeOffset _since = now;
    private int _reconnectAttempts;
    private string? _lastError;

    /// <summary>Sequence numbers and counts of this link's HTLC updates, across its sessions; reached only under the lock.</summary>
    private LinkLedger _ledger = new(epoch);

    /// <summary>The node's store (docs/store.md): the link stages its ledger there and writes nothing before it is durable.</summary>
    public IDecisionJournal Journal { get; private set; } = InMemoryJournal.Instance;

    public NetworkNode Node { get; } = node;

    /// <summary>The fixed rule for who dials: the node with the lesser node id (compared as compressed bytes) dials, the other listens, so a pair has one connection.</summary>
    public bool WeDial { get; } = weDial;

    /// <summary>Updates logged for the peer and not yet acknowledged by it.</summary>
    public int UnackedCount
    {
        get
        {
            lock (_gate)
            {
                return _ledger.UnackedCount;
            }
        }
    }

    /// <summary>
    /// A session is live and the peer's resume has been applied to the log: only from then
    /// on may the switch decide new updates for the peer. An update decided before the
    /// resume could be one the resume of a restarted peer discards.
    /// </summary>
    public bool IsConnected
    {
        get
        {
            lock (_gate)
            {
                return _live is { Resumed: true };
            }
        }
    }

    /// <summary>The features the peer's init advertised in the live session; null without one.</summary>
    public FeatureBits? RemoteFeatures
    {
        get
        {
            lock (_gate)
            {
                return _live?.Session.RemoteFeatures;
            }
        }
    }

    public PeerStatus Status()
    {
        lock (_gate)
        {
            return new PeerStatus(Node.Name, Node.NodeId.ToHex(), _state, WeDial, _since, _reconnectAttempts, _lastError);
        }
    }

    public void MarkConnecting(DateTimeOffset now)
    {
        lock (_gate)
        {
            if (_live is null)
            {
                SetState(PeerState.Connecting, now);
            }
        }
    }

    /// <summary>A dial failed; returns how many have failed in a row since the link was last connected.</summary>
    public int DialFailed(string why)
    {
        lock (_gate)
        {
            _lastError = why;
            return ++_reconnectAttempts;
        }
    }

    /// <summary>A connection ended before it became a session (refused init, a dial loop's unexpected error).</summary>
    public void Failed(string? why)
    {
        lock (_gate)
        {
            _lastError = why;
        }
    }

    /// <summary>
    /// Keeps this link in the node's store: the ledger a restart kept (<paramref name="stored"/>),
    /// or a new one staged there. Called once, before any session.
    /// </summary>
    public void UseStore(IDecisionJournal journal, StoredLink? stored, string storePath)
    {
        lock (_gate)
        {
            Journal = journal;
            _ledger = stored is null ? new LinkLedger(_ledger.Epoch, Node.Name, journal) : LinkLedger.Restore(stored, journal, storePath);
        }
    }

    /// <summary>Our resume, the first link_sync of every session, and the store mark it may be written at.</summary>
    public LinkSyncMessage ResumeMessage(out long mark)
    {
        lock (_gate)
        {
            return _ledger.ResumeMessage(out mark);
        }
    }

    /// <summary>The peer's ack: forgets what it has; false when the count is impossible.</summary>
    public bool OnPeerAck(LinkSyncMessage ack)
    {
        lock (_gate)
        {
            return _ledger.OnPeerAck(ack);
        }
    }

    /// <summary>The first update still logged at or after <paramref name="sequence"/>, with its number (see <see cref="LinkLedger.TryGet"/>).</summary>
    public bool TryGetLogged(ulong sequence, out ulong number, out LinkLedger.Entry entry)
    {
        lock (_gate)
        {
            return _ledger.TryGet(sequence, out number, out entry);
        }
    }

    /// <summary>
    /// Installs a new session; returns the one it replaces (to be closed by the caller), if any.
    /// If an update of the old session is in the switch, waits until it has been counted: from
    /// here on the old session's reader delivers nothing more, and what it still holds was not
    /// counted, so the peer sends it again on this session.
    /// </summary>
    public PeerSession? Attach(PeerSession session, DateTimeOffset now, out ChannelReader<Outgoing> outgoing)
    {
        var queue = Channel.CreateUnbounded<Outgoing>(new UnboundedChannelOptions { SingleReader = true });
        outgoing = queue.Reader;
        lock (_gate)
        {
            while (_inDelivery)
            {
                Monitor.Wait(_gate);
            }

            _delivering = session;
            var old = _live;
            old?.Queue.Writer.TryComplete();
            _live = new Live(session, queue);
            SetState(PeerState.Connecting, now);
            return old?.Session;
        }
    }

    /// <summary>Forgets <paramref name="session"/> if it is still the current one.</summary>
    public bool Detach(PeerSession session, DateTimeOffset now, string why)
    {
        lock (_gate)
        {
            if (_live?.Session != session)
            {
                return false;
            }

            _live.Queue.Writer.TryComplete();
            _live = null;
            SetState(PeerState.Disconnected, now);
            _lastError = why;
            return true;
        }
    }

    /// <summary>
    /// Hands one update from <paramref name="session"/> to <paramref name="deliver"/> and
    /// counts it, unless a newer session has replaced that one; queues our ack when one is due.
    /// The switch's decisions and the count are one group in the store: after a crash either
    /// both are kept (the peer is not asked again) or neither (the peer sends it again).
    /// One session's updates are delivered by its reader, one at a time.
    /// </summary>
    public void TryDeliver(PeerSession session, HtlcUpdateMessage message, Action<string, HtlcUpdateMessage> deliver)
    {
        lock (_gate)
        {
            if (_delivering != session)
            {
                return;
            }

            _inDelivery = true;
        }

        try
        {
            using var group = Journal.OpenGroup();
            deliver(Node.Name, message);
            lock (_gate)
            {
                if (_ledger.CountReceived())
                {
                    var ack = _ledger.AckMessage(out var mark);
                    _live?.Queue.Writer.TryWrite(new Outgoing(ack, mark));
                }
            }
        }
        finally
        {
            lock (_gate)
            {
                _inDelivery = false;
                Monitor.PulseAll(_gate);
            }
        }
    }

    /// <summary>
    /// The peer's resume on <paramref name="session"/>, applied in order with its updates;
    /// once applied, the link is connected (<see cref="IsConnected"/>). Null if a newer
    /// session replaced this one.
    /// </summary>
    public LinkResume? Resume(PeerSession session, LinkSyncMessage resume, DateTimeOffset now)
    {
        lock (_gate)
        {
            if (_delivering != session)
            {
                return null;
            }

            var outcome = _ledger.OnPeerResume(resume);
            if (outcome.Refusal is null && _live?.Session == session)
            {
                _live.Resumed = true;
                SetState(PeerState.Connected, now);
                _reconnectAttempts = 0;
                _lastError = null;
            }

            return outcome;
        }
    }

    /// <summary>
    /// An HTLC update goes into the log (kept until the peer has it, whether it is here or
    /// not); anything else to the live session only (an absent peer needs no ack or warning
    /// from before). Wakes the live writer.
    /// </summary>
    public void Enqueue(LightningMessage message, TimeSpan delay, DateTimeOffset? now = null)
    {
        lock (_gate)
        {
            if (message is HtlcUpdateMessage update)
            {
                _ledger.Append(update, delay, now);
                _live?.Queue.Writer.TryWrite(default);
                return;
            }

            _live?.Queue.Writer.TryWrite(new Outgoing(message, Journal.StagedMark));
        }
    }

    private void SetState(PeerState state, DateTimeOffset now)
    {
        _state = state;
        _since = now;
    }

    /// <summary>What wakes a session's writer: a message for the live session only (and the store mark it may be written at), or none (the log grew).</summary>
    internal readonly record struct Outgoing(LightningMessage? Message, long Mark);

    /// <summary>The live session and its writer's queue; <see cref="Resumed"/> once the peer's resume has been applied on it (written under the link's lock).</summary>
    private sealed class Live(PeerSession session, Channel<Outgoing> queue)
    {
        public PeerSession Session { get; } = session;

        public Channel<Outgoing> Queue { get; } = queue;

        public bool Resumed { get; set; }
    }
}
