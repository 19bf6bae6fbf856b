using LnRelay.Node.Peers;
using LnRelay.Node.Store;
using LnRelay.Node.Tests.Peers;
using LnRelay.Tests.Shared;
using LnRelay.Transport.Messages;

namespace LnRelay.Node.Tests.Store;

/// <summary>A link's ledger in the store, and the write-ahead rule on the link's way out (docs/store.md).</summary>
public sealed class LinkStoreTests : IDisposable
{
    private readonly StoreFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task An_update_is_not_written_to_the_peer_until_the_store_has_its_decision()
    {
        using var store = _folder.Open();
        using var writer = store.StartWriter();
        var pair = new LinkPair();
        pair.Alice.UseStore(writer, null, _folder.DbPath);
        var session = await pair.ConnectAsync();

        // Another thread holds a decision open: nothing staged after it can become durable.
        using var release = new ManualResetEventSlim();
        using var held = new ManualResetEventSlim();
        var holder = Task.Run(() =>
        {
            using (writer.OpenGroup())
            {
                writer.Stage(new CircuitOpened(9, 9, 9, 9, new byte[32]));
                held.Set();
                release.Wait();
            }
        });
        held.Wait();
        pair.Alice.Enqueue(LinkPair.Fulfil(0), TimeSpan.Zero);

        // A bounded look for something that must not happen (the link would send at once without the rule).
        await Task.Delay(TimeSpan.FromMilliseconds(300));
        Assert.Empty(pair.BobGot);

        release.Set();
        await holder;
        await Eventually.TrueAsync(() => pair.BobGot.Count == 1, "bob takes in the update once its decision is durable");
        await session.DropAsync();
    }

    [Fact]
    public async Task A_ledger_comes_back_from_the_store_with_its_epoch_counts_and_unacknowledged_log()
    {
        const ulong AliceEpoch = 0xa11ce;
        const ulong BobEpoch = 0xb0b;
        var bob = new LinkLedger(BobEpoch);
        using (var store = _folder.Open())
        using (var writer = store.StartWriter())
        {
            var alice = new LinkLedger(AliceEpoch, "bob", writer);
            alice.OnPeerResume(bob.ResumeMessage());
            bob.OnPeerResume(alice.ResumeMessage());
            for (ulong id = 0; id < 5; id++)
            {
                alice.Append(LinkPair.Fulfil(id), TimeSpan.FromMilliseconds(id));
                bob.CountReceived();
            }

            alice.CountReceived();
            alice.CountReceived();
            Assert.True(alice.OnPeerAck(new LinkSyncMessage(LinkSyncKind.Ack, BobEpoch, AliceEpoch, 2)));
            await writer.WhenDurable(writer.StagedMark);
        }

        using var reopened = _folder.Open();
        var stored = reopened.Load(DateTimeOffset.UnixEpoch, 10).Links["bob"];
        var restored = LinkLedger.Restore(stored, InMemoryJournal.Instance, _folder.DbPath);

        Assert.Equal(AliceEpoch, restored.Epoch);
        Assert.Equal(2UL, restored.ReceivedCount);
        Assert.Equal(3, restored.UnackedCount);
        Assert.True(restored.TryGet(0, out var number, out var entry));
        Assert.Equal((2UL, 2UL, TimeSpan.FromMilliseconds(2)), (number, entry.Message.HtlcId, entry.Delay));
        var ours = restored.ResumeMessage();

        // Bob took in 3 of the 5 before the "restart": the resume sends the last 2 again, as to a reconnect.
        var resume = restored.OnPeerResume(new LinkSyncMessage(LinkSyncKind.Resume, BobEpoch, AliceEpoch, 3));
        Assert.Null(resume.Refusal);
        Assert.False(resume.PeerRestarted);
        Assert.Equal((3UL, 2UL), (resume.Start, resume.Pending));
        Assert.Equal((AliceEpoch, BobEpoch, 2UL), (ours.SenderEpoch, ours.SeenEpoch, ours.ReceivedCount));
    }
}
