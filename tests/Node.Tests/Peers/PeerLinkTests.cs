using System.Net;
using LnRelay.Crypto;
using LnRelay.Node.Network;
using LnRelay.Node.Peers;
using LnRelay.Tests.Shared;
using LnRelay.Transport.Messages;
using LnRelay.Transport.Peers;

namespace LnRelay.Node.Tests.Peers;

/// <summary>
/// <see cref="PeerLink"/>'s one lock: a session replaced while one of its updates is in the
/// switch. The switch is not run under the link's lock (it takes that lock itself, to queue
/// what it decides), so the link must hold the replacement back by other means until the
/// update is counted; otherwise the new session's resume would ask the peer for it again.
/// </summary>
public sealed class PeerLinkTests
{
    private const ulong OurEpoch = 0xa11ce;
    private const ulong PeerEpoch = 0xb0b;
    private static readonly PrivateKey OurKey = PrivateKey.Create(Enumerable.Repeat((byte)0x0a, 32).ToArray());
    private static readonly PrivateKey PeerKey = PrivateKey.Create(Enumerable.Repeat((byte)0x0b, 32).ToArray());

    /// <summary>How long the switch lingers over the update while the new session tries to attach: ample for an attach that does not wait.</summary>
    private static readonly TimeSpan Lingering = TimeSpan.FromMilliseconds(300);

    [Fact]
    public async Task ASessionReplacedWhileItsUpdateIsInTheSwitch_ResumesCountingThatUpdate()
    {
        var link = new PeerLink(new NetworkNode("bob", PeerKey.PublicKey, IPAddress.Loopback.ToString(), 1, new Uri("http://127.0.0.1:1")), weDial: false, DateTimeOffset.UnixEpoch, OurEpoch);
        var first = await StartSessionAsync();
        var second = await StartSessionAsync();
        link.Attach(first, DateTimeOffset.UnixEpoch, out _);
        Assert.NotNull(link.Resume(first, new LinkSyncMessage(LinkSyncKind.Resume, PeerEpoch, 0, 0), DateTimeOffset.UnixEpoch));

        Task<LinkSyncMessage>? replaced = null;
        var attachedDuringDelivery = false;
        link.TryDeliver(first, Fulfil(0), (_, _) =>
        {
            // The protocol attaches a new session and builds its resume from another thread.
            replaced = Task.Run(() =>
            {
                link.Attach(second, DateTimeOffset.UnixEpoch, out _);
                return link.ResumeMessage(out _);
            });
            attachedDuringDelivery = replaced.Wait(Lingering);
        });

        var resume = await replaced!;
        Assert.False(attachedDuringDelivery, "the new session attached while the old one's update was in the switch");
        Assert.Equal(1UL, resume.ReceivedCount);

        // The old session's reader delivers nothing more.
        var delivered = false;
        link.TryDeliver(first, Fulfil(1), (_, _) => delivered = true);
        Assert.False(delivered);
        link.TryDeliver(second, Fulfil(1), (_, _) => delivered = true);
        Assert.True(delivered);
        Assert.Equal(2UL, link.ResumeMessage(out _).ReceivedCount);

        await first.DisposeAsync();
        await second.DisposeAsync();
    }

    [Fact]
    public async Task StatusFollowsTheSession_FromConnectingToConnectedToDisconnected()
    {
        var link = new PeerLink(new NetworkNode("bob", PeerKey.PublicKey, IPAddress.Loopback.ToString(), 1, new Uri("http://127.0.0.1:1")), weDial: true, DateTimeOffset.UnixEpoch, OurEpoch);
        var session = await StartSessionAsync();
        Assert.Equal(PeerState.Disconnected, link.Status().State);
        link.MarkConnecting(DateTimeOffset.UnixEpoch.AddSeconds(1));
        Assert.Equal(1, link.DialFailed("refused"));
        Assert.Equal((PeerState.Connecting, 1, "refused"), (link.Status().State, link.Status().ReconnectAttempts, link.Status().LastError));

        link.Attach(session, DateTimeOffset.UnixEpoch.AddSeconds(2), out _);
        Assert.False(link.IsConnected);
        link.Resume(session, new LinkSyncMessage(LinkSyncKind.Resume, PeerEpoch, 0, 0), DateTimeOffset.UnixEpoch.AddSeconds(3));
        var connected = link.Status();
        Assert.True(link.IsConnected);
        Assert.Equal((PeerState.Connected, 0, null, DateTimeOffset.UnixEpoch.AddSeconds(3)), (connected.State, connected.ReconnectAttempts, connected.LastError, connected.Since));

        Assert.True(link.Detach(session, DateTimeOffset.UnixEpoch.AddSeconds(4), "gone"));
        Assert.False(link.Detach(session, DateTimeOffset.UnixEpoch.AddSeconds(5), "again"));
        Assert.Equal((PeerState.Disconnected, "gone"), (link.Status().State, link.Status().LastError));
        Assert.False(link.IsConnected);
        await session.DisposeAsync();
    }

    private static UpdateFulfillHtlcMessage Fulfil(ulong id) => new(ChannelId.FromShortChannelId(1), id, new byte[32]);

    /// <summary>A started session over an in-memory connection (the link only tells sessions apart).</summary>
    private static async Task<PeerSession> StartSessionAsync()
    {
        var (ours, theirs) = InMemoryMessageConnection.CreatePair(PeerKey.PublicKey, OurKey.PublicKey);
        var options = new PeerSessionOptions { NetworkName = "link-test", PingInterval = Timeout.InfiniteTimeSpan };
        var started = await Task.WhenAll(PeerSession.StartAsync(ours, options), PeerSession.StartAsync(theirs, options));
        Assert.True(started[0].IsStarted && started[1].IsStarted);
        return started[0].Session!;
    }
}
