namespace LnRelay.Node.Store;

/// <summary>
/// The one thread that commits every store in a process (docs/store.md "Group commit"). A
/// <see cref="GroupCommitWriter"/> asks for a commit (<see cref="Schedule"/>) when something
/// waits for a mark it has not written or a change has lingered; this thread takes the stores
/// in the order they asked, commits each one's due changes in one transaction, and moves on.
/// A store that is still due after its commit (a wait came in while it wrote) goes to the back
/// of the line, so a busy store never starves the others.
/// <para>
/// A thousand nodes in one process used to run a thousand writer threads, each waking,
/// writing a few pages and syncing for one decision: their wake-ups cost as much CPU as their
/// fsyncs (docs/performance.md). One thread per process keeps the same guarantees per store
/// (each store's marks, groups and failure are its own: a store that fails stops only its
/// node) and wakes only when it has nothing left to do. A process with one node (lnrelay-node)
/// has one store, so nothing changes there.
/// </para>
/// </summary>
internal sealed class CommitScheduler : IDisposable
{
    private readonly object _gate = new();
    private readonly Queue<GroupCommitWriter> _due = new();
    private readonly string _threadName;
    private Thread? _thread;
    private bool _waiting;
    private bool _stopping;
    private long _commits;

    /// <param name="threadName">The name of its thread (seen in profiles and debuggers).</param>
    public CommitScheduler(string threadName = "lnrelay store writer")
    {
        _threadName = threadName;
    }

    /// <summary>The process's scheduler, shared by every store the process opens; its thread starts with the first commit asked for.</summary>
    public static CommitScheduler Shared { get; } = new();

    /// <summary>Transactions committed by this scheduler, over all its stores.</summary>
    public long Commits => Interlocked.Read(ref _commits);

    /// <summary>The managed id of the committing thread, or null before the first commit was asked for (for tests).</summary>
    internal int? ThreadId => _thread?.ManagedThreadId;

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
            if (_thread is null)
            {
                _thread = new Thread(Run) { IsBackground = true, Name = _threadName };
                _thread.Start();
            }
            else if (_waiting)
            {
                Monitor.Pulse(_gate);
            }

            return true;
        }
    }

    /// <summary>Stops the thread once the stores in line have been served (tests; the shared scheduler lives as long as the process).</summary>
    public void Dispose()
    {
        Thread? thread;
        lock (_gate)
        {
            _stopping = true;
            thread = _thread;
            Monitor.Pulse(_gate);
        }

        thread?.Join();
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
                    _waiting = true;
                    Monitor.Wait(_gate);
                    _waiting = false;
                }

                if (!_due.TryDequeue(out writer!))
                {
                    return;
                }
            }

            // Never under this scheduler's lock: the writer takes its own, and may call Schedule again.
            if (writer.CommitDue())
            {
                Interlocked.Increment(ref _commits);
            }
        }
    }
}
