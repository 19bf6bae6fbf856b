using System.Threading.Channels;
using LnRelay.Node.Network;
using LnRelay.Transport.Messages;
using LnRelay.Transport.Peers;

namespace LnRelay.Node.Peers;

/// <summary>
/// One channel peer: its current session (if any) and the queue of messages the
/// switch has decided to send it, drained by one writer task so they leave in order.
/// </summary>
internal sealed class PeerLink(NetworkNode node, bool weDial, DateTimeOffset now)
{
    private readonly Lock _gate = new();
    private Live? _live;

    public NetworkNode Node { get; } = node;

    /// <summary>The fixed rule for who dials: the node with the lesser node id (compared as compressed bytes) dials, the other listens, so a pair has one connection.</summary>
    public bool WeDial { get; } = weDial;

    public PeerState State { get; private set; } = PeerState.Disconnected;

    public DateTimeOffset Since { get; private set; } = now;

    public int ReconnectAttempts { get; set; }

    public string? LastError { get; set; }

    public bool IsConnected
    {
        get
        {
            lock (_gate)
            {
                return _live is not null;
            }
        }
    }

    public PeerStatus Status()
    {
        lock (_gate)
        {
            return new PeerStatus(Node.Name, Node.NodeId.ToHex(), State, WeDial, Since, ReconnectAttempts, LastError);
        }
    }

    public void MarkConnecting(DateTimeOffset now)
    {
        lock (_gate)
        {
            if (_live is null)
            {
                State = PeerState.Connecting;
                Since = now;
            }
        }
    }

    /// <summary>Installs a new session; returns the one it replaces (to be closed by the caller), if any.</summary>
    public PeerSession? Attach(PeerSession session, DateTimeOffset now, out ChannelReader<Outgoing> outgoing)
    {
        var queue = Channel.CreateUnbounded<Outgoing>(new UnboundedChannelOptions { SingleReader = true });
        outgoing = queue.Reader;
        lock (_gate)
        {
            var old = _live;
            old?.Queue.Writer.TryComplete();
            _live = new Live(session, queue);
            State = PeerState.Connected;
            Since = now;
            ReconnectAttempts = 0;
            LastError = null;
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
            State = PeerState.Disconnected;
            Since = now;
            LastError = why;
            return true;
        }
    }

    public bool TryEnqueue(LightningMessage message, TimeSpan delay)
    {
        lock (_gate)
        {
            return _live is not null && _live.Queue.Writer.TryWrite(new Outgoing(message, delay));
        }
    }

    internal readonly record struct Outgoing(LightningMessage Message, TimeSpan Delay);

    private sealed record Live(PeerSession Session, Channel<Outgoing> Queue);
}
