using LnRelay.Tests.Shared;
using LnRelay.Transport.Peers;

namespace LnRelay.Transport.Tests.Peers;

/// <summary>
/// <see cref="SendBatch"/>: senders woken inside a receive loop's stretch run when it ends, in
/// the thread that ran it, in order; outside a stretch nothing is deferred.
/// </summary>
public sealed class SendBatchTests
{
    [Fact]
    public void OutsideAStretch_NothingIsDeferred()
    {
        var sender = new RecordingSender();
        Assert.False(SendBatch.IsOpen);
        Assert.False(SendBatch.TryDefer(sender));
        SendBatch.Close();
        Assert.Empty(sender.WokenOn);
    }

    [Fact]
    public void InAStretch_SendersRunWhenItEnds_InThisThread_InOrder()
    {
        var order = new List<string>();
        var first = new RecordingSender(() => order.Add("first"));
        var second = new RecordingSender(() => order.Add("second"));
        SendBatch.Open();
        try
        {
            Assert.True(SendBatch.TryDefer(first));
            Assert.True(SendBatch.TryDefer(second));
            Assert.Empty(order);
        }
        finally
        {
            SendBatch.Close();
        }

        Assert.Equal(["first", "second"], order);
        Assert.Equal([Environment.CurrentManagedThreadId], first.WokenOn);
        Assert.False(SendBatch.IsOpen);

        // Closed: the next close wakes nobody again.
        SendBatch.Close();
        Assert.Single(first.WokenOn);
    }

    [Fact]
    public void ASenderThatWakesAnotherWhileBeingWoken_WakesItTheUsualWay()
    {
        var inner = new RecordingSender();
        var deferredInside = true;
        var outer = new RecordingSender(() => deferredInside = SendBatch.TryDefer(inner));
        SendBatch.Open();
        Assert.True(SendBatch.TryDefer(outer));
        SendBatch.Close();

        Assert.False(deferredInside, "the stretch is closed before its senders run");
        Assert.Empty(inner.WokenOn);
    }

    [Fact]
    public void AStretchBelongsToItsThread()
    {
        SendBatch.Open();
        try
        {
            // Joined without awaiting: a stretch never spans an await that suspends.
            var elsewhere = true;
            var other = new Thread(() => elsewhere = SendBatch.TryDefer(new RecordingSender()));
            other.Start();
            Assert.True(other.Join(Eventually.Deadline));
            Assert.False(elsewhere);
        }
        finally
        {
            SendBatch.Close();
        }
    }

    private sealed class RecordingSender(Action? onWake = null) : IBatchedSender
    {
        public List<int> WokenOn { get; } = [];

        public void WakeNow()
        {
            WokenOn.Add(Environment.CurrentManagedThreadId);
            onWake?.Invoke();
        }
    }
}
