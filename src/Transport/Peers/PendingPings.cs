namespace LnRelay.Transport.Peers;

/// <summary>
/// Pings this side sent and the pong length each expects. BOLT 1 peers answer in
/// order, so a pong settles the oldest ping. Thread-safe.
/// </summary>
internal sealed class PendingPings
{
    private readonly Queue<(ushort Length, TaskCompletionSource<bool> Answered)> _pending = new();
    private readonly Lock _gate = new();
    private bool _closed;

    /// <summary>Registers a ping about to be sent; the task turns true on its pong, false if the session ends first.</summary>
    public Task<bool> Add(ushort expectedLength)
    {
        var answered = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (_closed)
            {
                answered.SetResult(false);
            }
            else
            {
                _pending.Enqueue((expectedLength, answered));
            }
        }

        return answered.Task;
    }

    /// <summary>Settles the oldest ping. Null when none was waiting; otherwise whether the length matched.</summary>
    public bool? Answer(int pongLength)
    {
        (ushort Length, TaskCompletionSource<bool> Answered) oldest;
        lock (_gate)
        {
            if (!_pending.TryDequeue(out oldest))
            {
                return null;
            }
        }

        var matches = oldest.Length == pongLength;
        oldest.Answered.TrySetResult(matches);
        return matches;
    }

    /// <summary>Fails every waiting ping (the session ended).</summary>
    public void Close()
    {
        lock (_gate)
        {
            _closed = true;
            while (_pending.TryDequeue(out var ping))
            {
                ping.Answered.TrySetResult(false);
            }
        }
    }
}
