using LnRelay.Transport.Messages;

namespace LnRelay.Node.Peers;

/// <summary>
/// Exactly-once, in-order delivery of HTLC updates over a peer link that may drop and
/// come back (sans-IO; see <see cref="LinkSyncMessage"/> for the wire side and why).
/// <list type="bullet">
/// <item>Sending: every HTLC update handed to a session gets the next sequence number
/// and is kept until the peer acknowledges it, because bytes written to a socket that
/// then drops may never have arrived.</item>
/// <item>Receiving: the updates taken in from the peer's current incarnation are counted.</item>
/// <item>Each new session starts with both sides' <see cref="LinkSyncKind.Resume"/>: the
/// peer's count says which kept updates it lacks, and exactly those are sent again.
/// While connected, an <see cref="LinkSyncKind.Ack"/> every <see cref="AckEvery"/>
/// updates lets the sender forget what arrived, so the kept updates stay few.</item>
/// <item>A peer that restarted (a new <see cref="LinkSyncMessage.SenderEpoch"/>) starts
/// both counts again: what was kept for its old incarnation cannot be delivered.</item>
/// </list>
/// Thread-safe: the writer and the reader of a session both use it.
/// </summary>
internal sealed class LinkLedger(ulong epoch)
{
    /// <summary>How many updates the receiver takes in between two acks (bounds what a sender keeps to about this many).</summary>
    internal const int AckEvery = 32;

    private readonly Lock _gate = new();
    private readonly Queue<LightningMessage> _unacked = new();
    private ulong _firstUnacked;
    private ulong _sent;
    private ulong _received;
    private ulong _peerEpoch;

    /// <summary>This node's incarnation, as the peer sees it: random and non-zero.</summary>
    public ulong Epoch { get; } = epoch != 0 ? epoch : throw new ArgumentOutOfRangeException(nameof(epoch), "An epoch is non-zero: 0 means 'none seen'.");

    /// <summary>Updates sent and not yet acknowledged.</summary>
    public int UnackedCount
    {
        get
        {
            lock (_gate)
            {
                return _unacked.Count;
            }
        }
    }

    /// <summary>Updates taken in from the peer's current incarnation.</summary>
    public ulong ReceivedCount
    {
        get
        {
            lock (_gate)
            {
                return _received;
            }
        }
    }

    public LinkSyncMessage ResumeMessage() => Sync(LinkSyncKind.Resume);

    public LinkSyncMessage AckMessage() => Sync(LinkSyncKind.Ack);

    /// <summary>Numbers and keeps an HTLC update about to be written; any other message passes untouched.</summary>
    public void RecordSending(LightningMessage message)
    {
        if (message is not HtlcUpdateMessage)
        {
            return;
        }

        lock (_gate)
        {
            _unacked.Enqueue(message);
            _sent++;
        }
    }

    /// <summary>Counts one update taken in; true when an ack is due.</summary>
    public bool CountReceived()
    {
        lock (_gate)
        {
            _received++;
            return _received % AckEvery == 0;
        }
    }

    /// <summary>
    /// The peer's resume: what to send again, in order, before anything new; or a refusal
    /// (the peer claims a count this side cannot have produced).
    /// </summary>
    public LinkResume OnPeerResume(LinkSyncMessage resume)
    {
        lock (_gate)
        {
            var restarted = _peerEpoch != 0 && resume.SenderEpoch != _peerEpoch;
            if (resume.SenderEpoch != _peerEpoch)
            {
                // A new incarnation of the peer (or the first we meet): nothing it had from
                // us, and nothing we had from it, carries over.
                _peerEpoch = resume.SenderEpoch;
                _received = 0;
                _unacked.Clear();
                _sent = 0;
                _firstUnacked = 0;
            }

            var count = resume.SeenEpoch == Epoch ? resume.ReceivedCount : 0;
            if (count > _sent || count < _firstUnacked)
            {
                return LinkResume.Refused($"the peer says it took in {count} HTLC updates; this side sent {_sent} and holds from {_firstUnacked} on");
            }

            Forget(count);
            return LinkResume.Resend([.. _unacked], restarted);
        }
    }

    /// <summary>The peer's ack: forgets what it has; false when the count is impossible.</summary>
    public bool OnPeerAck(LinkSyncMessage ack)
    {
        lock (_gate)
        {
            if (ack.SenderEpoch != _peerEpoch || ack.SeenEpoch != Epoch)
            {
                // About another incarnation (crossed a restart): says nothing about ours.
                return true;
            }

            if (ack.ReceivedCount > _sent)
            {
                return false;
            }

            Forget(ack.ReceivedCount);
            return true;
        }
    }

    private void Forget(ulong count)
    {
        while (_firstUnacked < count && _unacked.TryDequeue(out _))
        {
            _firstUnacked++;
        }
    }

    private LinkSyncMessage Sync(LinkSyncKind kind)
    {
        lock (_gate)
        {
            return new LinkSyncMessage(kind, Epoch, _peerEpoch, _received);
        }
    }
}

/// <summary>The outcome of a peer's resume: the updates to send again, or why the link is refused.</summary>
internal sealed record LinkResume(IReadOnlyList<LightningMessage> Resent, bool PeerRestarted, string? Refusal)
{
    public static LinkResume Resend(IReadOnlyList<LightningMessage> resent, bool peerRestarted) => new(resent, peerRestarted, null);

    public static LinkResume Refused(string why) => new([], false, why);
}
