using LnRelay.Transport.Framing;
using LnRelay.Transport.Net;

namespace LnRelay.Transport.Tests.Net;

/// <summary>
/// Frames queued together leave in one send and are cut back out of buffered receives
/// (docs/transport.md, "Sending and receiving"): order, content and sizes survive, from 2
/// bytes to 65535, across key rotations and buffer growth.
/// </summary>
public sealed class CoalescedFramesTests
{
    [Fact]
    public async Task QueuedMessages_OfMixedSizes_ArriveWhole_AndInOrder()
    {
        await using var alice = new TestNode().Start();
        await using var bob = new TestNode().Start();
        var (toBob, toAlice) = await alice.ConnectAsync(bob);
        await using (toBob)
        await using (toAlice)
        {
            // Small, update_add_htlc-sized and the largest, interleaved: the receive buffer
            // must grow for the large ones mid-stream, with small frames already buffered.
            int[] sizes = [2, 1500, 65535, 32, 1500, 1500, 65535, 2, 40000, 1500];
            var random = new Random(7);
            var messages = Enumerable.Range(0, 600).Select(i =>
            {
                var message = new byte[sizes[i % sizes.Length]];
                random.NextBytes(message);
                BitConverter.TryWriteBytes(message, (ushort)i);
                return message;
            }).ToArray();

            var sending = Task.Run(async () =>
            {
                for (var i = 0; i < messages.Length; i++)
                {
                    toBob.Enqueue(messages[i]);
                    if (i % 50 == 49)
                    {
                        await toBob.FlushAsync();
                    }
                }

                await toBob.FlushAsync();
            });

            foreach (var expected in messages)
            {
                var received = await toAlice.ReceiveAsync();
                Assert.NotNull(received);
                Assert.Equal(expected, received.Value.ToArray());
            }

            await sending;
        }
    }

    [Fact]
    public async Task SendAsync_AlsoSendsWhatWasQueuedBeforeIt_InOrder()
    {
        await using var alice = new TestNode().Start();
        await using var bob = new TestNode().Start();
        var (toBob, toAlice) = await alice.ConnectAsync(bob);
        await using (toBob)
        await using (toAlice)
        {
            Assert.Equal(FrameSizes.FrameFor(3), toBob.Enqueue(new byte[] { 0x00, 0x11, 0x01 }));
            Assert.Equal(2 * FrameSizes.FrameFor(3), toBob.Enqueue(new byte[] { 0x00, 0x11, 0x02 }));
            await toBob.SendAsync(new byte[] { 0x00, 0x11, 0x03 });

            for (byte i = 1; i <= 3; i++)
            {
                Assert.Equal(new byte[] { 0x00, 0x11, i }, (await toAlice.ReceiveAsync())!.Value.ToArray());
            }
        }
    }

    [Fact]
    public async Task Enqueue_AfterClose_ThrowsTransportClosed()
    {
        await using var alice = new TestNode().Start();
        await using var bob = new TestNode().Start();
        var (toBob, toAlice) = await alice.ConnectAsync(bob);
        await using (toAlice)
        {
            await toBob.CloseAsync();

            Assert.Throws<TransportClosedException>(() => toBob.Enqueue(new byte[] { 0x00, 0x11 }));
            await toBob.DisposeAsync();
        }
    }
}
