using LnRelay.Node.Store;
using LnRelay.Transport.Messages;

namespace LnRelay.Node.Peers;

/// <summary>
/// Exactly-once, in-order delivery of HTLC updates over a peer link that may drop and
/// come back (sans-IO; see <see cref="LinkSyncMessage"/> for the wire side and why).
/// <list type="bullet">
/// <item>Sending: the ledger is the link's outgoing log. Every HTLC update the switch
/// decides gets the next sequence number here, when it is decided, and stays until the
/// peer acknowledges it: bytes written to a socket that then drops may never have
/// arrived. Each session's writer sends from the log by sequence number, starting where
/// the peer's resume says, so the numbering never depends on which session wrote what.</item>
/// <item>Receiving: the updates taken in from the peer's current incarnation are counted.</item>
/// <item>Each new session starts with both sides' <see cref="LinkSyncKind.Resume"/>; while
/// connected, an <see cref="LinkSyncKind.Ack"/> every <see cref="AckEvery"/> updates lets
/// the sender forget what arrived.</item>
/// <item>A peer that restarted (a new <see cref="LinkSyncMessage.SenderEpoch"/>) starts
/// both counts again: what was logged for its old incarnation cannot be delivered.</item>
/// </list>
/// Not thread-safe: the switch, the writer and the reader of a session all use it, always
/// under its <see cref="PeerLink"/>'s one lock (tests use it from one thread).
/// <para>
/// With a store (docs/store.md) every change is staged as it happens: the counters, each
/// update logged (encoded as on the wire) and what the peer acknowledged. A restarted
/// node's ledger comes back with the same epoch, counts and log (<see cref="Restore"/>), so
/// to its peer the restart is only a reconnect. Each logged update and each sync message
/// carries the store mark it follows from: the link writes it only once that is durable.
/// </para>
/// </summary>
internal sealed class LinkLedger
{
    /// <summary>How many updates the receiver takes in between two acks.</summary>
    internal const int AckEvery = 32;

    private readonly List<Entry> _log = []; // _log[i] is numbered _first + i
    private readonly string _peer;
    private readonly IDecisionJournal _journal;
    private ulong _first;
    private ulong _next;
    private ulong _received;
    private ulong _peerEpoch;

    /// <summary>A ledger with nothing logged and no store.</summary>
    public LinkLedger(ulong epoch)
        : this(epoch, "", InMemoryJournal.Instance)
    {
    }

    /// <summary>A new ledger for <paramref name="peer"/> whose changes are staged in <paramref name="journal"/> (its row first).</summary>
    public LinkLedger(ulong epoch, string peer, IDecisionJournal journal)
    {
        Epoch = epoch != 0 ? epoch : throw new ArgumentOutOfRangeException(nameof(epoch), "An epoch is non-zero: 0 means 'none seen'.");
        _peer = peer;
        _journal = journal;
        _journal.Stage(Row());
    }

    private LinkLedger(LinkSaved row, IDecisionJournal journal)
    {
        Epoch = row.Epoch;
        _peer = row.Peer;
        _journal = journal;
        _peerEpoch = row.PeerEpoch;
        _received = row.ReceivedCount;
        _next = row.NextSequence;
        _first = row.NextSequence;
    }

    /// <summary>This node's incarnation, as the peer sees it: random and non-zero, kept by the store across restarts.</summary>
    public ulong Epoch { get; }

    /// <summary>
    /// The ledger a store kept: same epoch, counts and unacknowledged updates.
    /// </summary>
    /// <exception cref="StoreFailedException">The stored log has a gap or an update that does not decode.</exception>
    public static LinkLedger Restore(StoredLink stored, IDecisionJournal journal, string storePath)
    {
        var ledger = new LinkLedger(stored.Row, journal);
        if (stored.Log.Count > 0)
        {
            ledger._first = stored.Log[0].Sequence;
        }

        for (var i = 0; i < stored.Log.Count; i++)
        {
            var entry = stored.Log[i];
            var decoded = MessageDecoder.Decode(entry.Message);
            if (entry.Sequence != ledger._first + (ulong)i || entry.Sequence >= ledger._next || decoded.Message is not HtlcUpdateMessage update)
            {
                throw new StoreFailedException($"node store '{storePath}': the log of the link with {stored.Row.Peer} is damaged at update {entry.Sequence} ({decoded.Describe()}). Restore the file from a backup, or move it aside to start this node from network.json.");
            }

            ledger._log.Add(new Entry(update, TimeSpan.FromMilliseconds(entry.DelayMs), 0));
        }

        if (ledger._first + (ulong)ledger._log.Count != ledger._next)
        {
            throw new StoreFailedException($"node store '{storePath}': the link with {stored.Row.Peer} numbered {ledger._next} updates but its log ends at {ledger._first + (ulong)ledger._log.Count}. Restore the file from a backup, or move it aside to start this node from network.json.");
        }

        return ledger;
    }

    /// <summary>Updates logged and not yet acknowledged (written or not).</summary>
    public int UnackedCount => _log.Count;

    /// <summary>Updates taken in from the peer's current incarnation.</summary>
    public ulong ReceivedCount => _received;

    public LinkSyncMessage ResumeMessage() => ResumeMessage(out _);

    public LinkSyncMessage AckMessage() => AckMessage(out _);

    /// <summary>Our resume, and the store mark it may be written at (its counts durable).</summary>
    public LinkSyncMessage ResumeMessage(out long mark) => Sync(LinkSyncKind.Resume, out mark);

    /// <summary>Our ack, and the store mark it may be written at (the count it acknowledges durable, with every decision that count covers).</summary>
    public LinkSyncMessage AckMessage(out long mark) => Sync(LinkSyncKind.Ack, out mark);

    /// <summary>
    /// Logs an HTLC update for the peer, to be written after <paramref name="delay"/> (from
    /// <paramref name="now"/> when given: a later update held less is not held longer for the
    /// hold of one before it, beyond waiting its turn). Never
    /// refused: the log is bounded by the channel's HTLC slots (each HTLC is one add and one
    /// removal, and an add's slot frees only once the peer has it) plus an ack's worth.
    /// </summary>
    public void Append(HtlcUpdateMessage message, TimeSpan delay, DateTimeOffset? now = null)
    {
        var sequence = _next++;
        var mark = _journal.Keeps
            ? _journal.Stage(new LinkAppended(_peer, sequence, message.Encode(), (long)delay.TotalMilliseconds), Row())
            : 0;
        _log.Add(new Entry(message, delay, mark, delay > TimeSpan.Zero ? now + delay : null));
    }

    /// <summary>
    /// The first update still logged at or after <paramref name="sequence"/> (the peer may
    /// have acknowledged past it), with its number; false when nothing from there is logged.
    /// </summary>
    public bool TryGet(ulong sequence, out ulong number, out Entry entry)
    {
        number = Math.Max(sequence, _first);
        entry = default;
        if (number >= _next)
        {
            return false;
        }

        entry = _log[(int)(number - _first)];
        return true;
    }

    /// <summary>Counts one update taken in; true when an ack is due.</summary>
    public bool CountReceived()
    {
        _received++;
        _journal.Stage(Row());
        return _received % AckEvery == 0;
    }

    /// <summary>
    /// The peer's resume: the sequence number to write from (everything logged from there
    /// on, in order), or a refusal (the peer claims a count this side cannot have produced).
    /// </summary>
    public LinkResume OnPeerResume(LinkSyncMessage resume)
    {
        var restarted = _peerEpoch != 0 && resume.SenderEpoch != _peerEpoch;
        if (restarted)
        {
            // A new incarnation of the peer: nothing it had from us, and nothing we had
            // from it, carries over. (The first one we meet keeps what was logged: it
            // can only have been decided for that peer.)
            _received = 0;
            _log.Clear();
            _first = 0;
            _next = 0;
            _journal.Stage(new LinkCleared(_peer));
        }

        if (_peerEpoch != resume.SenderEpoch)
        {
            _peerEpoch = resume.SenderEpoch;
            _journal.Stage(Row());
        }

        var count = resume.SeenEpoch == Epoch ? resume.ReceivedCount : 0;
        if (count > _next || count < _first)
        {
            return LinkResume.Refused($"the peer says it took in {count} HTLC updates; this side logged {_next} and holds from {_first} on");
        }

        Forget(count);
        return LinkResume.From(count, _next - count, restarted);
    }

    /// <summary>The peer's ack: forgets what it has; false when the count is impossible.</summary>
    public bool OnPeerAck(LinkSyncMessage ack)
    {
        if (ack.SenderEpoch != _peerEpoch || ack.SeenEpoch != Epoch)
        {
            // About another incarnation (crossed a restart): says nothing about ours.
            return true;
        }

        if (ack.ReceivedCount > _next)
        {
            return false;
        }

        Forget(ack.ReceivedCount);
        return true;
    }

    private void Forget(ulong count)
    {
        if (count > _first)
        {
            // Once per ack (every AckEvery updates): the log stays short, so the shift is cheap.
            _log.RemoveRange(0, (int)(count - _first));
            _first = count;
            _journal.Stage(new LinkForgotten(_peer, count));
        }
    }

    private LinkSaved Row() => new(_peer, Epoch, _peerEpoch, _received, _next);

    private LinkSyncMessage Sync(LinkSyncKind kind, out long mark)
    {
        mark = _journal.StagedMark;
        return new LinkSyncMessage(kind, Epoch, _peerEpoch, _received);
    }

    /// <summary>
    /// One logged update, the delay (fault injection, a forwarding delay) before it is written,
    /// the store mark it may be written at, and, when the delay was counted from a known time,
    /// when it is due (an update restored from the store has none: its delay counts from when it is read).
    /// </summary>
    internal readonly record struct Entry(HtlcUpdateMessage Message, TimeSpan Delay, long Mark, DateTimeOffset? Due = null);
}

/// <summary>The outcome of a peer's resume: where to write from and how many logged updates that sends again (or not yet sent), or why the link is refused.</summary>
internal sealed record LinkResume(ulong Start, ulong Pending, bool PeerRestarted, string? Refusal)
{
    public static LinkResume From(ulong start, ulong pending, bool peerRestarted) => new(start, pending, peerRestarted, null);

    public static LinkResume Refused(string why) => new(0, 0, false, why);
}
