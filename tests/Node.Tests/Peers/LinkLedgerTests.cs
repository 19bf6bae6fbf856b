using LnRelay.Node.Peers;
using LnRelay.Transport.Messages;

namespace LnRelay.Node.Tests.Peers;

/// <summary>
/// The link ledger: what a dropped connection lost is sent again, exactly once and in
/// order; what arrived is forgotten on ack; a restarted peer starts from zero.
/// Each "side" here is one node's ledger for the same link.
/// </summary>
public sealed class LinkLedgerTests
{
    private const ulong AliceEpoch = 0xa11ce;
    private const ulong BobEpoch = 0xb0b;
    private static readonly ChannelId Channel = ChannelId.FromShortChannelId(0x0102030405060708);

    [Fact]
    public void FirstMeeting_ResendsNothing()
    {
        var (alice, bob) = Meet();

        Assert.Equal(0, alice.UnackedCount);
        Assert.Equal(0, bob.UnackedCount);
    }

    [Fact]
    public void UpdatesLostWithTheConnection_AreResentInOrder_AndThoseThatArrivedAreNot()
    {
        var (alice, bob) = Meet();
        for (ulong id = 0; id < 5; id++)
        {
            alice.RecordSending(Fulfil(id));
        }

        // Bob took in the first two; three were on the wire when it dropped.
        bob.CountReceived();
        bob.CountReceived();

        var resume = alice.OnPeerResume(bob.ResumeMessage());

        Assert.Null(resume.Refusal);
        Assert.False(resume.PeerRestarted);
        Assert.Equal([2UL, 3UL, 4UL], resume.Resent.Cast<HtlcUpdateMessage>().Select(m => m.HtlcId));
        Assert.Equal(3, alice.UnackedCount);
    }

    [Fact]
    public void Acks_ForgetWhatArrived_EveryAckEveryUpdates()
    {
        var (alice, bob) = Meet();
        var acksDue = 0;
        for (ulong id = 0; id < LinkLedger.AckEvery * 2; id++)
        {
            alice.RecordSending(Fulfil(id));
            if (bob.CountReceived())
            {
                acksDue++;
                Assert.True(alice.OnPeerAck(bob.AckMessage()));
            }
        }

        Assert.Equal(2, acksDue);
        Assert.Equal(0, alice.UnackedCount);
    }

    [Fact]
    public void OtherMessages_AreNeitherNumberedNorKept()
    {
        var (alice, _) = Meet();

        alice.RecordSending(WarningMessage.FromText(Channel, "hello"));
        alice.RecordSending(new PingMessage(0));

        Assert.Equal(0, alice.UnackedCount);
    }

    [Fact]
    public void AnImpossibleCount_IsRefused()
    {
        var (alice, _) = Meet();
        alice.RecordSending(Fulfil(0));

        var claimsTooMany = new LinkSyncMessage(LinkSyncKind.Resume, BobEpoch, AliceEpoch, 2);

        Assert.NotNull(alice.OnPeerResume(claimsTooMany).Refusal);
        Assert.False(alice.OnPeerAck(new LinkSyncMessage(LinkSyncKind.Ack, BobEpoch, AliceEpoch, 2)));
        Assert.Equal(1, alice.UnackedCount);
    }

    [Fact]
    public void ACountBelowWhatWasAlreadyAcked_IsRefused()
    {
        var (alice, _) = Meet();
        alice.RecordSending(Fulfil(0));
        alice.RecordSending(Fulfil(1));
        Assert.True(alice.OnPeerAck(new LinkSyncMessage(LinkSyncKind.Ack, BobEpoch, AliceEpoch, 2)));

        var wentBack = alice.OnPeerResume(new LinkSyncMessage(LinkSyncKind.Resume, BobEpoch, AliceEpoch, 1));

        Assert.NotNull(wentBack.Refusal);
    }

    [Fact]
    public void ARestartedPeer_StartsBothCountsAgain_AndGetsNothingKeptForItsPreviousRun()
    {
        var (alice, bob) = Meet();
        alice.RecordSending(Fulfil(0));
        bob.RecordSending(Fulfil(0));
        alice.CountReceived();

        var bobAgain = new LinkLedger(BobEpoch + 1);
        var resume = alice.OnPeerResume(bobAgain.ResumeMessage());
        var theirs = bobAgain.OnPeerResume(alice.ResumeMessage());

        Assert.True(resume.PeerRestarted);
        Assert.Empty(resume.Resent);
        Assert.Equal(0UL, alice.ReceivedCount);
        Assert.Null(theirs.Refusal);
        Assert.Empty(theirs.Resent);

        // Counting starts again from the new run on both sides.
        alice.RecordSending(Fulfil(1));
        bobAgain.CountReceived();
        Assert.True(alice.OnPeerAck(bobAgain.AckMessage()));
        Assert.Equal(0, alice.UnackedCount);
    }

    [Fact]
    public void AnAckAboutAnotherRun_ChangesNothing()
    {
        var (alice, _) = Meet();
        alice.RecordSending(Fulfil(0));

        Assert.True(alice.OnPeerAck(new LinkSyncMessage(LinkSyncKind.Ack, BobEpoch + 7, AliceEpoch, 1)));
        Assert.True(alice.OnPeerAck(new LinkSyncMessage(LinkSyncKind.Ack, BobEpoch, AliceEpoch + 7, 1)));

        Assert.Equal(1, alice.UnackedCount);
    }

    [Fact]
    public void RepeatedReconnects_WithRandomLosses_DeliverEveryUpdateExactlyOnceInOrder()
    {
        var random = new Random(20261120);
        var (alice, bob) = Meet();
        var delivered = new List<ulong>();
        var wire = new List<HtlcUpdateMessage>();
        ulong next = 0;
        for (var round = 0; round < 200; round++)
        {
            // Alice writes a few new updates; some of the wire arrives, the rest is lost.
            for (var i = random.Next(0, 6); i > 0; i--)
            {
                var message = Fulfil(next++);
                alice.RecordSending(message);
                wire.Add(message);
            }

            var arriving = random.Next(0, wire.Count + 1);
            foreach (var message in wire.Take(arriving))
            {
                delivered.Add(message.HtlcId);
                if (bob.CountReceived())
                {
                    Assert.True(alice.OnPeerAck(bob.AckMessage()));
                }
            }

            // The connection drops; the next one starts with both resumes.
            var resume = alice.OnPeerResume(bob.ResumeMessage());
            Assert.Null(bob.OnPeerResume(alice.ResumeMessage()).Refusal);
            Assert.Null(resume.Refusal);
            wire = [.. resume.Resent.Cast<HtlcUpdateMessage>()];
        }

        foreach (var message in wire)
        {
            delivered.Add(message.HtlcId);
        }

        Assert.Equal(Enumerable.Range(0, (int)next).Select(i => (ulong)i), delivered);
        Assert.InRange(alice.UnackedCount, 0, LinkLedger.AckEvery + 32);
    }

    [Fact]
    public void EpochZero_IsRefused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new LinkLedger(0));

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
