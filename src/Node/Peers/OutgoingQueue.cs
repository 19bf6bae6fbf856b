using System.Runtime.CompilerServices;
using System.Threading.Tasks.Sources;
using LnRelay.Transport.Peers;

namespace LnRelay.Node.Peers;

/// <summary>
/// What wakes one session's writer (<see cref="LinkProtocol"/>): messages for the live session
/// only, and wake-ups without a message (the link's log grew), in order, with one reader.
/// <para>
/// Writes come under locks (the link's, and the switch's around it), so a write never runs the
/// writer itself. In a receive loop's stretch (<see cref="SendBatch"/>) the wake-up is deferred to
/// the stretch's end, where the writer runs in the receiving thread with no lock held: the
/// message received and the one it caused leave from one thread, with no thread-pool hop between
/// them, and everything the stretch gave this writer goes in one send. Anywhere else a waiting
/// writer is woken through the thread pool, as a channel would (docs/transport.md, "Sending and receiving").
/// </para>
/// </summary>
internal sealed class OutgoingQueue : IBatchedSender, IValueTaskSource<bool>
{
    private const int Idle = 0;
    private const int Waiting = 1;
    private const int Signalled = 2;

    private readonly Lock _gate = new();
    private readonly Queue<PeerLink.Outgoing> _items = new();
    private bool _completed;
    private bool _deferred;

    // The writer's wait: Idle (nothing pending), Waiting (the writer awaits _core), Signalled (a wake-up not yet seen).
    private int _state;
    private ManualResetValueTaskSourceCore<bool> _core;

    /// <summary>Queues <paramref name="item"/> and wakes the writer (at the stretch's end if in one). False once completed.</summary>
    public bool TryWrite(PeerLink.Outgoing item)
    {
        lock (_gate)
        {
            if (_completed)
            {
                return false;
            }

            _items.Enqueue(item);
            if (_deferred)
            {
                // Already due to run at the end of a stretch: it will find this one too.
                return true;
            }

            _deferred = SendBatch.TryDefer(this);
            if (_deferred)
            {
                return true;
            }
        }

        Signal(inline: false);
        return true;
    }

    /// <summary>No more items: the writer ends once it has read those queued.</summary>
    public void Complete()
    {
        lock (_gate)
        {
            _completed = true;
        }

        Signal(inline: false);
    }

    /// <summary>The next item, if any.</summary>
    public bool TryRead(out PeerLink.Outgoing item)
    {
        lock (_gate)
        {
            return _items.TryDequeue(out item);
        }
    }

    /// <summary>True when an item is queued.</summary>
    public bool TryPeek(out PeerLink.Outgoing item)
    {
        lock (_gate)
        {
            return _items.TryPeek(out item);
        }
    }

    /// <summary>
    /// True once an item can be read; false once completed and empty. Throws
    /// <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/> is
    /// cancelled (the writer registers <see cref="Wake"/> with it, so a waiting writer notices).
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            lock (_gate)
            {
                if (_items.Count > 0)
                {
                    return true;
                }

                if (_completed)
                {
                    return false;
                }
            }

            await WaitAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Wakes the writer through the thread pool (for cancellation).</summary>
    public void Wake() => Signal(inline: false);

    /// <summary>The stretch has ended: runs the writer in this thread (no lock is held here).</summary>
    void IBatchedSender.WakeNow()
    {
        lock (_gate)
        {
            _deferred = false;
        }

        Signal(inline: true);
    }

    bool IValueTaskSource<bool>.GetResult(short token) => _core.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource<bool>.GetStatus(short token) => _core.GetStatus(token);

    void IValueTaskSource<bool>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);

    /// <summary>Completes at the next wake-up (at once if one came since the last wait). One waiter at a time: the writer.</summary>
    private ValueTask<bool> WaitAsync()
    {
        if (Interlocked.CompareExchange(ref _state, Idle, Signalled) == Signalled)
        {
            return ValueTask.FromResult(true);
        }

        _core.Reset();
        if (Interlocked.CompareExchange(ref _state, Waiting, Idle) == Idle)
        {
            return new ValueTask<bool>(this, _core.Version);
        }

        // Signalled between the two exchanges.
        Volatile.Write(ref _state, Idle);
        return ValueTask.FromResult(true);
    }

    private void Signal(bool inline)
    {
        while (true)
        {
            switch (Volatile.Read(ref _state))
            {
                case Signalled:
                    return;
                case Idle:
                    if (Interlocked.CompareExchange(ref _state, Signalled, Idle) == Idle)
                    {
                        return;
                    }

                    break;
                default:
                    if (Interlocked.CompareExchange(ref _state, Idle, Waiting) == Waiting)
                    {
                        // Inline: the writer runs here, now. Otherwise its continuation is queued to the thread pool.
                        _core.RunContinuationsAsynchronously = !inline;
                        _core.SetResult(true);
                        return;
                    }

                    break;
            }
        }
    }
}
