using System.Net;
using LnRelay.Tests.Shared;
using LnRelay.Transport.Net;

namespace LnRelay.Transport.Tests.Net;

/// <summary>The real TCP layer on 127.0.0.1: dial, accept, messages, close.</summary>
public sealed class LoopbackTests
{
    [Fact]
    public async Task DialAndAccept_ExchangeMessagesBothWays()
    {
        await using var alice = new TestNode().Start();
        await using var bob = new TestNode().Start();

        var (toBob, toAlice) = await alice.ConnectAsync(bob);
        await using (toBob)
        await using (toAlice)
        {
            Assert.Equal(bob.Id, toBob.RemoteNodeId);
            Assert.Equal(alice.Id, toAlice.RemoteNodeId);
            Assert.True(toBob.IsInitiator);
            Assert.False(toAlice.IsInitiator);

            byte[] small = [0x00, 0x12];
            var large = new byte[65535];
            new Random(1).NextBytes(large);
            await toBob.SendAsync(small);
            await toBob.SendAsync(large);
            await toAlice.SendAsync(large);

            Assert.Equal(small, (await toAlice.ReceiveAsync())!.Value.ToArray());
            Assert.Equal(large, (await toAlice.ReceiveAsync())!.Value.ToArray());
            Assert.Equal(large, (await toBob.ReceiveAsync())!.Value.ToArray());
        }
    }

    [Fact]
    public async Task ManyMessages_AcrossSeveralKeyRotations_ArriveInOrder()
    {
        await using var alice = new TestNode().Start();
        await using var bob = new TestNode().Start();
        var (toBob, toAlice) = await alice.ConnectAsync(bob);
        await using (toBob)
        await using (toAlice)
        {
            const int count = 1600;
            var sending = Task.Run(async () =>
            {
                for (var i = 0; i < count; i++)
                {
                    await toBob.SendAsync(BitConverter.GetBytes(i));
                }
            });

            for (var i = 0; i < count; i++)
            {
                Assert.Equal(i, BitConverter.ToInt32((await toAlice.ReceiveAsync())!.Value.Span));
            }

            await sending;
        }
    }

    [Fact]
    public async Task OrderlyClose_PeerReceivesEverythingThenNull()
    {
        await using var alice = new TestNode().Start();
        await using var bob = new TestNode().Start();
        var (toBob, toAlice) = await alice.ConnectAsync(bob);
        await using (toAlice)
        {
            await toBob.SendAsync(new byte[] { 0x00, 0x11, 0x01 });
            await toBob.CloseAsync();

            Assert.NotNull(await toAlice.ReceiveAsync());
            Assert.Null(await toAlice.ReceiveAsync());
            Assert.Equal(CloseReason.ClosedByPeer, toAlice.CloseReason);
            Assert.Null(toAlice.Failure);
            Assert.Equal(CloseReason.ClosedLocally, toBob.CloseReason);
            await Assert.ThrowsAsync<TransportClosedException>(async () => await toBob.SendAsync(new byte[2]));
            await toBob.DisposeAsync();
        }
    }

    [Fact]
    public async Task Start_PortAlreadyInUse_FailsWithClearMessage()
    {
        await using var first = new TestNode().Start();
        var key = LnRelay.Crypto.PrivateKey.Generate();
        await using var second = new StsListener(key, new IPEndPoint(IPAddress.Loopback, first.Port), _ => true, first.Options);

        var error = Assert.Throws<ListenerStartException>(second.Start);
        Assert.Contains(first.Port.ToString(), error.Message);
        Assert.Contains("AddressAlreadyInUse", error.Message);
    }

    [Fact]
    public async Task Start_PortZero_ExposesTheBoundPort()
    {
        await using var node = new TestNode().Start();

        Assert.NotEqual(0, node.Port);
        Assert.Equal(IPAddress.Loopback, node.Listener.LocalEndPoint.Address);
    }

    [Fact]
    public async Task Dial_NobodyListening_FailsWithConnectFailed()
    {
        await using var alice = new TestNode();
        await using var bob = new TestNode().Start();
        var deadPort = bob.Port;
        await bob.Listener.DisposeAsync();

        var result = await alice.Dialer.ConnectAsync("127.0.0.1", deadPort, bob.Id);

        Assert.Equal(TransportFailure.ConnectFailed, result.Failure);
        await alice.Log.WaitForReasonAsync(TransportFailure.ConnectFailed);
    }

    [Fact]
    public async Task BothSidesDialEachOtherAtOnce_BothConnectionsComplete()
    {
        await using var alice = new TestNode().Start();
        await using var bob = new TestNode().Start();

        var aliceDials = alice.DialAsync(bob);
        var bobDials = bob.DialAsync(alice);
        var results = await Task.WhenAll(aliceDials, bobDials).WaitAsync(TimeSpan.FromSeconds(10));
        var bobAccepted = await bob.AcceptAsync();
        var aliceAccepted = await alice.AcceptAsync();

        Assert.All(results, r => Assert.True(r.Succeeded));
        Assert.Equal(alice.Id, bobAccepted.RemoteNodeId);
        Assert.Equal(bob.Id, aliceAccepted.RemoteNodeId);
        foreach (var connection in new[] { results[0].Connection!, results[1].Connection!, bobAccepted, aliceAccepted })
        {
            await connection.DisposeAsync();
        }
    }

    [Fact]
    public async Task SlowReader_StallsTheWriter_InsteadOfGrowingMemory()
    {
        await using var alice = new TestNode().Start();
        await using var bob = new TestNode().Start();
        var (toBob, toAlice) = await alice.ConnectAsync(bob);
        await using (toBob)
        await using (toAlice)
        {
            var message = new byte[65535];
            const int attempted = 2000; // 128 MiB if nothing pushed back
            var sent = 0;
            var writer = Task.Run(async () =>
            {
                for (var i = 0; i < attempted; i++)
                {
                    await toBob.SendAsync(message);
                    Interlocked.Increment(ref sent);
                }
            });

            // Wait until the writer stops making progress: socket buffers are full.
            var last = -1;
            await Eventually.TrueAsync(
                () =>
                {
                    var now = Volatile.Read(ref sent);
                    var stalled = now == last && now > 0;
                    last = now;
                    return stalled;
                },
                "the writer to stall");
            Assert.False(writer.IsCompleted);
            Assert.InRange(Volatile.Read(ref sent), 1, attempted / 4);

            // Once the reader reads, the writer finishes.
            for (var i = 0; i < attempted; i++)
            {
                Assert.NotNull(await toAlice.ReceiveAsync());
            }

            await writer.WaitAsync(TimeSpan.FromSeconds(30));
        }
    }

    [Fact]
    public async Task Send_IllegalSize_IsACallerBug()
    {
        await using var alice = new TestNode().Start();
        await using var bob = new TestNode().Start();
        var (toBob, toAlice) = await alice.ConnectAsync(bob);
        await using (toBob)
        await using (toAlice)
        {
            await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await toBob.SendAsync(new byte[1]));
            await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await toBob.SendAsync(new byte[65536]));
            Assert.Equal(CloseReason.Open, toBob.CloseReason);
        }
    }

    [Fact]
    public async Task DisposeWithoutClose_PeerSeesAnOrderlyClose()
    {
        await using var alice = new TestNode().Start();
        await using var bob = new TestNode().Start();
        var result = await alice.DialAsync(bob);
        var toAlice = await bob.AcceptAsync();
        await using (toAlice)
        {
            await result.Connection!.DisposeAsync();
            Assert.Null(await toAlice.ReceiveAsync());
            Assert.Equal(CloseReason.ClosedByPeer, toAlice.CloseReason);
        }
    }

    [Fact]
    public async Task ReceiveAfterDispose_ReturnsNull()
    {
        await using var alice = new TestNode().Start();
        await using var bob = new TestNode().Start();
        var (toBob, toAlice) = await alice.ConnectAsync(bob);
        await toAlice.DisposeAsync();

        Assert.Null(await toAlice.ReceiveAsync());
        Assert.Equal(CloseReason.ClosedLocally, toAlice.CloseReason);
        Assert.Null(await toBob.ReceiveAsync());
        await toBob.DisposeAsync();
    }
}
