using LnRelay.Node.Peers;
using LnRelay.Tests.Shared;

namespace LnRelay.Node.Tests.Peers;

/// <summary>
/// The exactly-once link protocol over an in-memory connection: every HTLC update the
/// switch decides reaches the peer once and in order, across drops and reconnects.
/// </summary>
public sealed class LinkProtocolTests
{
    [Fact]
    public async Task Updates_ArriveInTheOrderTheyWereDecided()
    {
        var pair = new LinkPair();
        var session = await pair.ConnectAsync();

        for (ulong id = 0; id < 10; id++)
        {
            pair.Alice.Enqueue(LinkPair.Fulfil(id), TimeSpan.Zero);
        }

        await Eventually.TrueAsync(() => pair.BobGot.Count == 10, "bob to take in 10 updates");
        Assert.Equal([0UL, 1, 2, 3, 4, 5, 6, 7, 8, 9], pair.BobGot);
        await session.DropAsync();
    }

    [Fact]
    public async Task UpdatesLoggedBeforeTheFirstSession_AreKeptAndSentOnResume()
    {
        var pair = new LinkPair();
        pair.Alice.Enqueue(LinkPair.Fulfil(0), TimeSpan.Zero);
        pair.Alice.Enqueue(LinkPair.Fulfil(1), TimeSpan.Zero);

        var session = await pair.ConnectAsync();

        await Eventually.TrueAsync(() => pair.BobGot.Count == 2, "bob to take in what was logged before it came");
        Assert.Equal([0UL, 1], pair.BobGot);
        await session.DropAsync();
    }

    [Fact]
    public async Task AfterADrop_UnacknowledgedUpdatesAreSentAgain_OnceEach_InOrder()
    {
        var pair = new LinkPair();
        // Bob's end drops after init, alice's resume and one update: alice has written more
        // than that, and none of it is acknowledged.
        pair.BobFaults.Current = new() { DropPeerAfterMessages = 3 };
        for (ulong id = 0; id < 5; id++)
        {
            pair.Alice.Enqueue(LinkPair.Fulfil(id), TimeSpan.Zero);
        }

        var first = await pair.ConnectAsync();
        await first.EndedAsync();
        Assert.Equal([0UL], pair.BobGot);
        Assert.Equal(5, pair.Alice.UnackedCount);
        Assert.False(pair.Alice.IsConnected);

        pair.BobFaults.Current = new();
        var second = await pair.ConnectAsync();
        pair.Alice.Enqueue(LinkPair.Fulfil(5), TimeSpan.Zero);

        await Eventually.TrueAsync(() => pair.BobGot.Count >= 6, "bob to take in the rest");
        Assert.Equal([0UL, 1, 2, 3, 4, 5], pair.BobGot);
        await second.DropAsync();
    }

    [Fact]
    public async Task UpdatesDecidedWhileThePeerIsAway_AreSentWhenItReturns()
    {
        var pair = new LinkPair();
        var first = await pair.ConnectAsync();
        pair.Alice.Enqueue(LinkPair.Fulfil(0), TimeSpan.Zero);
        await Eventually.TrueAsync(() => pair.BobGot.Count == 1, "the first update");
        await first.DropAsync();

        pair.Alice.Enqueue(LinkPair.Fulfil(1), TimeSpan.Zero);
        pair.Bob.Enqueue(LinkPair.Fulfil(7), TimeSpan.Zero);
        var second = await pair.ConnectAsync();

        await Eventually.TrueAsync(() => pair.BobGot.Count == 2 && pair.AliceGot.Count == 1, "each side's update from while it was away");
        Assert.Equal([0UL, 1], pair.BobGot);
        Assert.Equal([7UL], pair.AliceGot);
        await second.DropAsync();
    }

    [Fact]
    public async Task AnAckEveryFewUpdates_LetsTheSenderForgetWhatArrived()
    {
        var pair = new LinkPair();
        var session = await pair.ConnectAsync();
        var count = (ulong)LinkLedger.AckEvery + 3;

        for (ulong id = 0; id < count; id++)
        {
            pair.Alice.Enqueue(LinkPair.Fulfil(id), TimeSpan.Zero);
        }

        // Bob acknowledges after AckEvery updates, while the last three may still be on their
        // way: wait for every update to arrive, then for alice to keep only the three unacked.
        await Eventually.TrueAsync(() => pair.BobGot.Count == (int)count, "every update at bob");
        await Eventually.TrueAsync(() => pair.Alice.UnackedCount == 3, "alice to forget the acknowledged updates");
        Assert.Equal((int)count, pair.BobGot.Count);
        await session.DropAsync();
    }

    [Fact]
    public async Task APeerThatRestarted_GetsNothingLoggedForItsPreviousRun()
    {
        var pair = new LinkPair();
        var first = await pair.ConnectAsync();
        await first.DropAsync();
        pair.Alice.Enqueue(LinkPair.Fulfil(0), TimeSpan.Zero);
        Assert.Equal(1, pair.Alice.UnackedCount);

        pair.RestartBob(epoch: 0xb0b2);
        var second = await pair.ConnectAsync();
        pair.Alice.Enqueue(LinkPair.Fulfil(1), TimeSpan.Zero);

        await Eventually.TrueAsync(() => pair.BobGot.Count >= 1, "the update decided after the restart");
        Assert.Equal([1UL], pair.BobGot);
        await second.DropAsync();
    }
}
