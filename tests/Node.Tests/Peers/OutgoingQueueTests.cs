using LnRelay.Node.Peers;
using LnRelay.Tests.Shared;
using LnRelay.Transport.Messages;
using LnRelay.Transport.Peers;

namespace LnRelay.Node.Tests.Peers;

/// <summary>
/// <see cref="OutgoingQueue"/>, a session writer's wake-ups: written under locks, it never runs
/// the writer itself; in a receive loop's stretch the writer runs when the stretch ends, in that
/// thread; anywhere else a waiting writer is woken through the thread pool.
/// </summary>
public sealed class OutgoingQueueTests
{
    private static readonly PeerLink.Outgoing Wake = new(null, 0);

    [Fact]
    public async Task OutsideAStretch_AWaitingWriterIsWoken_AndReadsInOrder()
    {
        var queue = new OutgoingQueue();
        var waiting = queue.WaitToReadAsync(CancellationToken.None).AsTask();
        Assert.False(waiting.IsCompleted);

        var ack = new PeerLink.Outgoing(new WarningMessage(ChannelId.All, new byte[] { 0x61 }), 7);
        Assert.True(queue.TryWrite(ack));
        Assert.True(queue.TryWrite(Wake));
        Assert.True(await waiting.WaitAsync(Eventually.Deadline));

        Assert.True(queue.TryRead(out var first));
        Assert.Equal(7, first.Mark);
        Assert.True(queue.TryRead(out var second));
        Assert.Null(second.Message);
        Assert.False(queue.TryPeek(out _));
    }

    [Fact]
    public async Task InAStretch_TheWriterRunsWhenItEnds_InThisThread()
    {
        var queue = new OutgoingQueue();
        var ranOn = 0;
        var writer = WriterAsync();
        Assert.False(writer.IsCompleted);

        SendBatch.Open();
        try
        {
            queue.TryWrite(Wake);
            queue.TryWrite(Wake);
            Assert.Equal(0, Volatile.Read(ref ranOn));
        }
        finally
        {
            SendBatch.Close();
        }

        // Synchronously, here: the writer's continuation ran inside Close.
        Assert.Equal(Environment.CurrentManagedThreadId, ranOn);
        Assert.Equal(2, await writer.WaitAsync(Eventually.Deadline));

        async Task<int> WriterAsync()
        {
            // Not resumed through the test framework's synchronisation context: the node has none.
            Assert.True(await queue.WaitToReadAsync(CancellationToken.None).ConfigureAwait(false));
            ranOn = Environment.CurrentManagedThreadId;
            var read = 0;
            while (queue.TryRead(out _))
            {
                read++;
            }

            return read;
        }
    }

    [Fact]
    public async Task AWriteWhileTheWriterIsBusy_IsFoundAtItsNextWait()
    {
        var queue = new OutgoingQueue();
        queue.TryWrite(Wake);
        Assert.True(await queue.WaitToReadAsync(CancellationToken.None));
        Assert.True(queue.TryRead(out _));

        // Written (and signalled) while the writer was not waiting: its next wait completes at once.
        queue.TryWrite(Wake);
        var next = queue.WaitToReadAsync(CancellationToken.None);
        Assert.True(next.IsCompleted);
        Assert.True(await next);
    }

    [Fact]
    public async Task Complete_EndsTheWriterOnceItHasReadWhatWasQueued()
    {
        var queue = new OutgoingQueue();
        queue.TryWrite(Wake);
        queue.Complete();
        Assert.False(queue.TryWrite(Wake));

        Assert.True(await queue.WaitToReadAsync(CancellationToken.None));
        Assert.True(queue.TryRead(out _));
        Assert.False(await queue.WaitToReadAsync(CancellationToken.None).AsTask().WaitAsync(Eventually.Deadline));
    }

    [Fact]
    public async Task Complete_WakesAWaitingWriter()
    {
        var queue = new OutgoingQueue();
        var waiting = queue.WaitToReadAsync(CancellationToken.None).AsTask();
        queue.Complete();
        Assert.False(await waiting.WaitAsync(Eventually.Deadline));
    }

    [Fact]
    public async Task AWaitingWriter_WokenAfterCancellation_Throws()
    {
        var queue = new OutgoingQueue();
        using var stop = new CancellationTokenSource();
        var waiting = queue.WaitToReadAsync(stop.Token).AsTask();
        await stop.CancelAsync();
        queue.Wake();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(Eventually.Deadline));
    }
}
