using LnRelay.Node.Peers;
using LnRelay.Transport.Messages;

namespace LnRelay.Node.Tests.Peers;

/// <summary>
/// The link ledger: what a dropped connection lost is written again, exactly once and in
/// order; what arrived is forgotten on ack; a restarted peer starts from zero.
/// Each "side" here is one node's ledger for the same link.
/// </summary>
public sealed class LinkLedgerTests
{
    private const ulong AliceEpoch = 0xa11ce;
    private const ulong BobEpoch = 0xb0b;
    private static readonly ChannelId Channel = ChannelId.FromShortChannelId(0x0102030405060708);

    [Fact]
    public void FirstMeeting_StartsAtZeroWithNothingLogged()
    {
        var (alice, bob) = Meet();

        Assert.Equal(0, alice.UnackedCount);
        Assert.Equal(0, bob.UnackedCount);
        Assert.False(alice.TryGet(0, out _, out _));
    }

    [Fact]
    public void UpdatesLoggedBeforeTheFirstResume_AreKeptAndWritten()
    {
        // The session is up but the peer's first resume is still on its way: what the switch
        // logged meanwhile was decided for this peer, the only one we ever met.
        var alice = new LinkLedger(AliceEpoch);
        var bob = new LinkLedger(BobEpoch);
        alice.Append(Fulfil(0), TimeSpan.Zero);

        var resume = alice.OnPeerResume(bob.ResumeMessage());

        Assert.Null(resume.Refusal);
        Assert.False(resume.PeerRestarted);
        Assert.Equal((0UL, 1UL), (resume.Start, resume.Pending));
        Assert.Equal([0UL], Written(alice, resume.Start));
    }

    [Fact]
    public void UpdatesLostWithTheConnection_AreWrittenAgainInOrder_AndThoseThatArrivedAreNot()
    {
        var (alice, bob) = Meet();
        for (ulong id = 0; id < 5; id++)
        {
            alice.Append(Fulfil(id), TimeSpan.Zero);
        }

        // Bob took in the first two; three were on the wire when it dropped.
        bob.CountReceived();
        bob.CountReceived();

        var resume = alice.OnPeerResume(bob.ResumeMessage());

        Assert.Null(resume.Refusal);
        Assert.False(resume.PeerRestarted);
        Assert.Equal(2UL, resume.Start);
        Assert.Equal(3UL, resume.Pending);
        Assert.Equal([2UL, 3UL, 4UL], Written(alice, resume.Start));
        Assert.Equal(3, alice.UnackedCount);
    }

    [Fact]
    public void UpdatesLoggedWhileThePeerIsAway_AreWrittenAfterTheResume()
    {
        var (alice, bob) = Meet();
        alice.Append(Fulfil(0), TimeSpan.FromMilliseconds(5));

        var resume = alice.OnPeerResume(bob.ResumeMessage());

        Assert.Equal([0UL], Written(alice, resume.Start));
        Assert.True(alice.TryGet(0, out var number, out var entry));
        Assert.Equal((0UL, TimeSpan.FromMilliseconds(5)), (number, entry.Delay));
    }

    [Fact]
    public void Acks_ForgetWhatArrived_EveryAckEveryUpdates()
    {
        var (alice, bob) = Meet();
        var acksDue = 0;
        for (ulong id = 0; id < LinkLedger.AckEvery * 2; id++)
        {
            alice.Append(Fulfil(id), TimeSpan.Zero);
            if (bob.CountReceived())
            {
                acksDue++;
                Assert.True(alice.OnPeerAck(bob.AckMessage()));
            }
        }

        Assert.Equal(2, acksDue);
        Assert.Equal(0, alice.UnackedCount);
        Assert.False(alice.TryGet(3, out var from, out _));
        Assert.Equal((ulong)LinkLedger.AckEvery * 2, from);
    }

    [Fact]
    public void AnImpossibleCount_IsRefused()
    {
        var (alice, _) = Meet();
        alice.Append(Fulfil(0), TimeSpan.Zero);

        var claimsTooMany = new LinkSyncMessage(LinkSyncKind.Resume, BobEpoch, AliceEpoch, 2);

        Assert.NotNull(alice.OnPeerResume(claimsTooMany).Refusal);
        Assert.False(alice.OnPeerAck(new LinkSyncMessage(LinkSyncKind.Ack, BobEpoch, AliceEpoch, 2)));
        Assert.Equal(1, alice.UnackedCount);
    }

    [Fact]
    public void ACountBelowWhatWasAlreadyAcked_IsRefused()
    {
        var (alice, _) = Meet();
        alice.Append(Fulfil(0), TimeSpan.Zero);
        alice.Append(Fulfil(1), TimeSpan.Zero);
        Assert.True(alice.OnPeerAck(new LinkSyncMessage(LinkSyncKind.Ack, BobEpoch, AliceEpoch, 2)));

        var wentBack = alice.OnPeerResume(new LinkSyncMessage(LinkSyncKind.Resume, BobEpoch, AliceEpoch, 1));

        Assert.NotNull(wentBack.Refusal);
    }

    [Fact]
    public void ARestartedPeer_StartsBothCountsAgain_AndGetsNothingLoggedForItsPreviousRun()
    {
        var (alice, bob) = Meet();
        alice.Append(Fulfil(0), TimeSpan.Zero);
        bob.Append(Fulfil(0), TimeSpan.Zero);
        alice.CountReceived();

        var bobAgain = new LinkLedger(BobEpoch + 1);
        var resume = alice.OnPeerResume(bobAgain.ResumeMessage());
        var theirs = bobAgain.OnPeerResume(alice.ResumeMessage());

        Assert.True(resume.PeerRestarted);
        Assert.Equal(0UL, resume.Pending);
        Assert.Equal(0UL, alice.ReceivedCount);
        Assert.Null(theirs.Refusal);
        Assert.Equal(0UL, theirs.Pending);

        // Counting starts again from the new run on both sides.
        alice.Append(Fulfil(1), TimeSpan.Zero);
        Assert.Equal([1UL], Written(alice, 0));
        bobAgain.CountReceived();
        Assert.True(alice.OnPeerAck(bobAgain.AckMessage()));
        Assert.Equal(0, alice.UnackedCount);
    }

    [Fact]
    public void AnAckAboutAnotherRun_ChangesNothing()
    {
        var (alice, _) = Meet();
        alice.Append(Fulfil(0), TimeSpan.Zero);

        Assert.True(alice.OnPeerAck(new LinkSyncMessage(LinkSyncKind.Ack, BobEpoch + 7, AliceEpoch, 1)));
        Assert.True(alice.OnPeerAck(new LinkSyncMessage(LinkSyncKind.Ack, BobEpoch, AliceEpoch + 7, 1)));

        Assert.Equal(1, alice.UnackedCount);
    }

    [Fact]
    public void RepeatedReconnects_WithRandomLossesAndUpdatesDecidedAnyTime_DeliverEveryUpdateExactlyOnceInOrder()
    {
        var random = new Random(20261120);
        var (alice, bob) = Meet();
        var delivered = new List<ulong>();
        ulong decided = 0;
        ulong cursor = 0;
        for (var round = 0; round < 200; round++)
        {
            // The switch decides a few updates (whether or not a session is up) ...
            for (var i = random.Next(0, 6); i > 0; i--)
            {
                alice.Append(Fulfil(decided++), TimeSpan.Zero);
            }

            // ... the session writes some of the log; of what it wrote, a prefix arrives.
            var written = Written(alice, cursor).Take(random.Next(0, 8)).ToList();
            foreach (var id in written.Take(random.Next(0, written.Count + 1)))
            {
                delivered.Add(id);
                if (bob.CountReceived())
                {
                    Assert.True(alice.OnPeerAck(bob.AckMessage()));
                }
            }

            // The connection drops; the next one starts with both resumes.
            var resume = alice.OnPeerResume(bob.ResumeMessage());
            Assert.Null(bob.OnPeerResume(alice.ResumeMessage()).Refusal);
            Assert.Null(resume.Refusal);
            cursor = resume.Start;
        }

        delivered.AddRange(Written(alice, cursor));
        Assert.Equal(Enumerable.Range(0, (int)decided).Select(i => (ulong)i), delivered);
    }

    [Fact]
    public void EpochZero_IsRefused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new LinkLedger(0));

    /// <summary>What a writer starting at <paramref name="from"/> would send: the HTLC ids, in order.</summary>
    private static List<ulong> Written(LinkLedger ledger, ulong from)
    {
        var ids = new List<ulong>();
        for (var next = from; ledger.TryGet(next, out next, out var entry); next++)
        {
            ids.Add(entry.Message.HtlcId);
        }

        return ids;
    }

    private static (LinkLedger Alice, LinkLedger Bob) Meet()
    {
        var alice = new LinkLedger(AliceEpoch);
        var bob = new LinkLedger(BobEpoch);
        var aliceResume = alice.ResumeMessage();
        var bobResume = bob.ResumeMessage();
        Assert.Null(alice.OnPeerResume(bobResume).Refusal);
        Assert.Null(bob.OnPeerResume(aliceResume).Refusal);
        return (alice, bob);
    }

    private static UpdateFulfillHtlcMessage Fulfil(ulong id) => new(Channel, id, new byte[32]);
}
