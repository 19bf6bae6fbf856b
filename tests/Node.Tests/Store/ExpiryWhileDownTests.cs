using System.Security.Cryptography;
using LnRelay.Crypto;
using LnRelay.Node.Channels;
using LnRelay.Node.Invoices;
using LnRelay.Node.Store;
using LnRelay.Node.Switch;
using LnRelay.Node.Tests.Switch;
using LnRelay.Sphinx;
using LnRelay.Tests.Shared;
using LnRelay.Transport.Messages;

namespace LnRelay.Node.Tests.Store;

/// <summary>
/// A relay restarted after the chain passed the expiry of an HTLC it forwarded: the usual
/// margin rule times it out at start, fails the incoming HTLC upstream, and the log says it
/// happened while the node was down (docs/store.md, "Recovery").
/// </summary>
public sealed class ExpiryWhileDownTests
{
    private const ulong Capacity = 1_000_000;

    [Fact]
    public void A_forward_whose_expiry_passed_while_the_node_was_down_is_timed_out_at_start_and_failed_upstream()
    {
        var policy = ChannelPolicy.Default;
        var hash = SHA256.HashData(RandomNumberGenerator.GetBytes(32));
        var incoming = new ChannelState(new ShortChannelId(1, 1, 0), "alice", PrivateKey.Generate().PublicKey, Capacity, Capacity / 2, policy, policy);
        var outgoing = new ChannelState(new ShortChannelId(1, 2, 0), "carol", PrivateKey.Generate().PublicKey, Capacity, Capacity / 2, policy, policy);
        incoming.Restore(Capacity / 2, (Capacity / 2) - 10_000, 0, 1, policy, [], [new Htlc(0, 10_000, hash, 150)]);
        outgoing.Restore((Capacity / 2) - 9_000, Capacity / 2, 1, 0, policy, [new Htlc(0, 9_000, hash, 110)], []);
        var outbox = new SentMessages();
        var logs = new LogRecorder();

        // Height 200: far past the outgoing expiry (110) minus the margin.
        var htlcSwitch = new HtlcSwitch("bob", PrivateKey.Generate(), [incoming, outgoing], new InvoiceBook(new ManualTimeProvider()), outbox, 200, _ => null, new SwitchOptions(), logs.For("bob"));
        htlcSwitch.Restore([new CircuitOpened(outgoing.ShortChannelId.Value, 0, incoming.ShortChannelId.Value, 0, new byte[32])], []);

        Assert.Equal(1, htlcSwitch.ExpireAfterRestart());
        Assert.Empty(outgoing.Offered);
        Assert.Empty(incoming.Received);
        Assert.Equal(Capacity / 2, outgoing.LocalBalanceMsat);
        Assert.Equal(Capacity / 2, incoming.RemoteBalanceMsat);
        var (peer, message) = Assert.Single(outbox.Sent);
        Assert.Equal("alice", peer);
        Assert.IsType<UpdateFailHtlcMessage>(message);
        var timedOut = Assert.Single(logs.Named("HtlcTimedOut"));
        Assert.Contains("while this node was down", timedOut.Message, StringComparison.Ordinal);
        Assert.Equal(0, htlcSwitch.ExpireAfterRestart());
    }

    /// <summary>The messages the switch queued, in order (a peer's link would send them after the store has them).</summary>
    private sealed class SentMessages : IPeerOutbox
    {
        public List<(string Peer, LightningMessage Message)> Sent { get; } = [];

        public bool IsConnected(string peer) => false;

        public bool SupportsRouteBlinding(string peer) => false;

        public void Enqueue(string peer, LightningMessage message, TimeSpan delay = default) => Sent.Add((peer, message));
    }
}
