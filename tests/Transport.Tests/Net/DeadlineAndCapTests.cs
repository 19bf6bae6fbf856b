using LnRelay.Tests.Shared;
using LnRelay.Transport.Handshake;
using LnRelay.Transport.Net;
using LnRelay.Transport.Tests.Handshake;

namespace LnRelay.Transport.Tests.Net;

/// <summary>
/// Half-open handshakes (slowloris) and many at once, on a manual clock: deadlines
/// fire only when the test moves time, so nothing here sleeps.
/// </summary>
public sealed class DeadlineAndCapTests
{
    private static readonly TimeSpan ActTimeout = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task HalfSentActOne_HeldOpen_ClosedAtTheActDeadline()
    {
        var clock = new ManualTimeProvider();
        await using var bob = new TestNode(time: clock).Start();
        using var raw = await TransportAttackTests.RawConnectAsync(bob.Port);
        await raw.SendAsync(new byte[HandshakeSizes.ActOne / 2]);
        // Wait until the listener has armed its deadlines (handshake + act one).
        await Eventually.TrueAsync(() => clock.ActiveTimers >= 2, "deadlines armed");

        clock.Advance(ActTimeout - TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, bob.Listener.SlotsInUse);
        clock.Advance(TimeSpan.FromMilliseconds(1));

        await bob.Log.WaitForReasonAsync(TransportFailure.ActTimeout);
        Assert.Equal(0, await ClosedByPeer.WaitAsync(raw));
        await Eventually.TrueAsync(() => bob.Listener.SlotsInUse == 0, "slot released");
    }

    [Fact]
    public async Task EachActJustInTime_ButTooSlowOverall_ClosedAtTheHandshakeDeadline()
    {
        // Acts of 6 s within a handshake of 10 s: with the default 5 s acts, the second act's deadline
        // and the handshake's would fall within 0.1 s of each other, and which one a loaded machine
        // reported first was a race.
        var clock = new ManualTimeProvider();
        await using var bob = new TestNode(time: clock, actTimeout: TimeSpan.FromSeconds(6)).Start();
        using var alice = HandshakeHarness.Key(0x11);
        using var raw = await TransportAttackTests.RawConnectAsync(bob.Port);
        await Eventually.TrueAsync(() => clock.ActiveTimers >= 2, "deadlines armed");

        // Act one arrives well within its 6 s deadline...
        clock.Advance(TimeSpan.FromSeconds(4.9));
        using var initiator = new InitiatorHandshake(alice, bob.Id, TestNode.Network, SystemHandshakeRandomness.Instance);
        var actOne = new byte[HandshakeSizes.ActOne];
        initiator.WriteActOne(actOne);
        await raw.SendAsync(actOne);
        await TransportAttackTests.ReceiveExactlyAsync(raw, new byte[HandshakeSizes.ActTwo]);
        await Eventually.TrueAsync(() => clock.ActiveTimers >= 2, "act three deadline armed");

        // ...and act three is within its own 6 s (due at 10.9 s), but the handshake's 10 s run out first.
        clock.Advance(TimeSpan.FromSeconds(5.2));

        await bob.Log.WaitForReasonAsync(TransportFailure.HandshakeTimeout);
        Assert.Equal(0, await ClosedByPeer.WaitAsync(raw));
    }

    [Fact]
    public async Task ManyHalfOpenHandshakes_CapRespected_ExtraClosedAtOnce_DeadlinesFreeTheSlots()
    {
        const int cap = 3;
        var clock = new ManualTimeProvider();
        await using var bob = new TestNode(time: clock, maxHandshakes: cap).Start();
        await using var alice = new TestNode();

        var holders = new List<System.Net.Sockets.Socket>();
        for (var i = 0; i < cap; i++)
        {
            holders.Add(await TransportAttackTests.RawConnectAsync(bob.Port));
        }

        await Eventually.TrueAsync(() => bob.Listener.SlotsInUse == cap, "cap reached");

        // One more: closed without a word, logged.
        using (var extra = await TransportAttackTests.RawConnectAsync(bob.Port))
        {
            Assert.Equal(0, await ClosedByPeer.WaitAsync(extra));
        }

        await bob.Log.WaitForReasonAsync(TransportFailure.HandshakeCapacityReached);
        Assert.Equal(cap, bob.Listener.SlotsInUse);

        // The act deadline frees every held slot; then a genuine peer gets in.
        await Eventually.TrueAsync(() => clock.ActiveTimers >= cap * 2, "deadlines armed");
        clock.Advance(ActTimeout);
        foreach (var holder in holders)
        {
            Assert.Equal(0, await ClosedByPeer.WaitAsync(holder));
            holder.Dispose();
        }

        await Eventually.TrueAsync(() => bob.Listener.SlotsInUse == 0, "slots released");
        var (mine, theirs) = await alice.ConnectAsync(bob);
        await mine.DisposeAsync();
        await theirs.DisposeAsync();
    }

    [Fact]
    public async Task DialerWaitingForActTwo_GivesUpAtTheActDeadline()
    {
        var clock = new ManualTimeProvider();
        await using var alice = new TestNode(time: clock);
        using var silent = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        silent.Start();
        var port = ((System.Net.IPEndPoint)silent.LocalEndpoint).Port;

        var dialling = alice.Dialer.ConnectAsync("127.0.0.1", port, HandshakeHarness.Key(0x21).PublicKey);
        using var accepted = await silent.AcceptSocketAsync();
        await TransportAttackTests.ReceiveExactlyAsync(accepted, new byte[HandshakeSizes.ActOne]);
        await Eventually.TrueAsync(() => clock.ActiveTimers >= 2, "dialer deadlines armed");
        clock.Advance(ActTimeout);

        var result = await dialling.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(TransportFailure.ActTimeout, result.Failure);
    }
}
