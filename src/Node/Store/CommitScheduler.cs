namespace LnRelay.Node.Store;

/// <summary>
/// The threads that commit every store in a process (docs/store.md "Group commit"): a few
/// shared by all its stores, not one per store. A <see cref="GroupCommitWriter"/> asks for a
/// commit (<see cref="Schedule"/>) when something waits for a mark it has not written or a
/// change has lingered; the next free thread takes the stores in the order they asked,
/// commits each one's due changes in one transaction, and moves on. A store is in line at
/// most once and committed by one thread at a time (it keeps a flag under its own lock).
/// A store that is still due after its commit (a wait came in while it wrote) goes to the back
/// of the line, so a busy store never starves the others.
/// <para>
/// A thousand nodes in one process used to run a thousand writer threads, each waking,
/// writing a few pages and syncing for one decision: their wake-ups cost as much CPU as their
/// fsyncs (docs/performance.md). A few shared threads keep the same guarantees per store
/// (each store's marks, groups and failure are its own: a store that fails stops only its
/// node) and sleep only when nothing is due. A process with one node (lnrelay-node) has one
/// store, committed by one thread at a time, so nothing changes there.
/// </para>
/// </summary>
internal sealed class CommitScheduler : IDisposable
{
    private readonly object _gate = new();
    private readonly Queue<GroupCommitWriter> _due = new();
    private readonly string _threadName;
    private readonly Thread[] _threads;
    private bool _started;
    private int _waiting;
    private bool _stopping;

    /// <param name="threadName">The name of its threads (seen in profiles and debuggers).</param>
    /// <param name="threads">
    /// Threads committing (each store is committed by one at a time, in the order it asked).
    /// One serialises every fsync of the process: fine while a sync takes 0.1 ms, a limit
    /// when the disk is shared and a sync takes milliseconds (docs/performance.md).
    /// </param>
    public CommitScheduler(string threadName = "lnrelay store writer", int threads = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        _threadName = threadName;
        _threads = new Thread[threads];
    }

    /// <summary>
    /// The threads of <see cref="Shared"/>: a few, so that the syncs of different stores overlap
    /// while a thousand nodes still share them (instead of a thread each); a process with one
    /// node (lnrelay-node) has one store, which one thread at a time commits anyway.
    /// </summary>
    public const int SharedThreads = 4;

    /// <summary>The process's scheduler, shared by every store the process opens; its threads start with the first commit asked for.</summary>
    public static CommitScheduler Shared { get; } = new(threads: SharedThreads);

    /// <summary>The managed ids of the committing threads; empty before the first commit was asked for (for tests).</summary>
    internal IReadOnlyList<int> ThreadIds => _started ? [.. _threads.Select(t => t.ManagedThreadId)] : [];

    /// <summary>
    /// Puts <paramref name="writer"/> in line for a commit; false once the scheduler is stopped.
    /// The writer calls this at most once until its commit has run (it keeps a flag), under its
    /// own lock: the lock order is always writer, then scheduler, and this thread never holds
    /// its lock while it calls a writer.
    /// </summary>
    public bool Schedule(GroupCommitWriter writer)
    {
        lock (_gate)
        {
            if (_stopping)
            {
                return false;
            }

            _due.Enqueue(writer);
            if (!_started)
            {
                _started = true;
                for (var i = 0; i < _threads.Length; i++)
                {
                    _threads[i] = new Thread(Run) { IsBackground = true, Name = _threadName };
                    _threads[i].Start();
                }
            }
            else if (_waiting > 0)
            {
                Monitor.Pulse(_gate);
            }

            return true;
        }
    }

    /// <summary>Stops the thread once the stores in line have been served (tests; the shared scheduler lives as long as the process).</summary>
    public void Dispose()
    {
        bool started;
        lock (_gate)
        {
            _stopping = true;
            started = _started;
            Monitor.PulseAll(_gate);
        }

        if (started)
        {
            foreach (var thread in _threads)
            {
                thread.Join();
            }
        }
    }

    private void Run()
    {
        while (true)
        {
            GroupCommitWriter writer;
            lock (_gate)
            {
                while (_due.Count == 0 && !_stopping)
                {
                    _waiting++;
                    Monitor.Wait(_gate);
                    _waiting--;
                }

                if (!_due.TryDequeue(out writer!))
                {
                    return;
                }
            }

            // Never under this scheduler's lock: the writer takes its own, and may call Schedule again.
            writer.CommitDue();
        }
    }
}
