using Microsoft.Data.Sqlite;

namespace LnRelay.Node.Store;

/// <summary>
/// Group commit (docs/store.md): the process's commit thread (<see cref="CommitScheduler"/>,
/// one for every store in the process) writes every change staged since this store's last
/// commit in one transaction, then marks them durable. While it commits (the fsync), new
/// changes gather for the next transaction, so the busier the node, the more decisions share
/// one fsync, as lnd commits a forwarding package at once.
/// <para>
/// Commits are on demand: the store asks the scheduler for one when something waits for a
/// mark it has not written (<see cref="WhenDurable"/>: a message about to leave, an
/// API answer), and the commit writes everything staged so far. A change nobody waits for (a payment's record as it
/// begins, the payer taking in a settlement) rides with the next one somebody does, or is
/// written at the latest <see cref="DefaultLinger"/> after it was staged. Nothing that
/// leaves the node is affected: it still waits for its own mark.
/// </para>
/// <para>
/// A decision that changes several rows (an HTLC taken in: the channel, the HTLC, the
/// replay log, the forward, the link's count) must reach the disk whole or not at all. Its
/// changes are staged inside a <see cref="DecisionGroup"/>: one group is open at a time
/// (a thread opening one waits for the open one to close; the same thread may nest), and
/// the writer never ends a transaction inside the open group, so what is durable is always
/// a prefix of the staged changes that ends between decisions. Decisions are serialised by
/// the switch's lock anyway; the group is taken before that lock, never under it.
/// </para>
/// <para>
/// If a write fails (disk full, I/O error), this store stops: every wait faults with a
/// <see cref="StoreFailedException"/> and <see cref="Completion"/> faults, so its node stops
/// instead of sending what it could not record. The other stores the scheduler serves go on.
/// </para>
/// </summary>
internal sealed class GroupCommitWriter : IDecisionJournal, IDisposable
{
    private readonly object _gate = new();
    private readonly SqliteConnection _connection;
    private readonly StoreStatements _statements;
    private readonly StoreStatement _begin;
    private readonly StoreStatement _commit;
    private readonly StoreStatement _rollback;
    private readonly StoreStatement _checkpoint;
    private readonly string _path;
    private readonly CommitScheduler _scheduler;
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly HashSet<object> _rowsSeen = [];
    private readonly Timer _linger;
    private readonly TimeSpan _lingerAfter;
    private List<StoreChange> _pending = [];
    private List<StoreChange> _spare = [];
    // Held by the thread whose group is open; _groupDepth and _groupStart are written under
    // it (and _groupStart read by the writer under _gate).
    private readonly object _groupMutex = new();
    private int _groupDepth;
    private long? _groupStart;
    private long _staged;
    private long _taken;
    private long _durable;
    // The highest mark something waits for, and whether the linger timer is armed or has fired
    // (all under _gate): the writer commits when a wait asks for more than it took, or when the
    // oldest change nobody waited for has lingered long enough.
    private long _wanted;
    private bool _lingerArmed;
    private bool _lingerDue;
    private long _commits;
    private long _changesWritten;
    private TaskCompletionSource _next = NewSignal();
    private TaskCompletionSource? _inProgress;
    private long _inProgressLast;
    private bool _stopping;
    // In the scheduler's line (or being committed by it), and writing a batch now (under _gate).
    private bool _scheduled;
    private bool _writing;
    private StoreFailedException? _fault;
    // Commits since the last checkpoint; only the thread whose turn it is touches it.
    private int _sinceCheckpoint;

    /// <summary>
    /// Commits between two checkpoints of the WAL into the database. SQLite checkpoints on its own
    /// once the WAL holds 1,000 pages (about 4 MB), inside the commit that crosses the mark, so the
    /// commit's waits wait for it too. A thousand nodes' WALs rarely got there: nearly every
    /// commit appended to its file, a new page for the kernel to allocate and zero per frame,
    /// about a fifth of a durable payment's CPU at 1,000 nodes. Checkpointing every 16 commits
    /// (about 100 pages at 1,000 nodes, a few hundred on the busy five-node line) reuses the WAL
    /// from its start, and runs after the commit's waits were answered
    /// (docs/performance.md, "Durable commits at 1,000 nodes").
    /// </summary>
    internal const int CheckpointEvery = 16;

    /// <summary>
    /// How long a change nobody waits for may stay staged before it is written anyway. Long
    /// enough that such changes nearly always ride with a commit somebody waits for: at 1,000
    /// nodes a node commits for a message a few times a second, and at 20 ms four commits in ten
    /// were of changes nobody waited for (each node's block height at every block, the payee's
    /// invoice, the payer taking in its settlement and recording the end), each its own
    /// transaction (docs/performance.md, "Durable commits at 1,000 nodes"). Nothing that leaves
    /// the node waits on this: it waits for its own mark, which starts a commit at once.
    /// </summary>
    public static readonly TimeSpan DefaultLinger = TimeSpan.FromSeconds(1);

    /// <param name="connection">An open connection to a migrated store; the writer owns it from now on.</param>
    /// <param name="path">The database file, for error messages.</param>
    /// <param name="linger">How long a change nobody waits for may stay unwritten (<see cref="DefaultLinger"/> unless given).</param>
    /// <param name="scheduler">The thread that commits (<see cref="CommitScheduler.Shared"/>, the process's, unless given).</param>
    public GroupCommitWriter(SqliteConnection connection, string path, TimeSpan? linger = null, CommitScheduler? scheduler = null)
    {
        _connection = connection;
        _path = path;
        _scheduler = scheduler ?? CommitScheduler.Shared;
        _lingerAfter = linger ?? DefaultLinger;
        _linger = new Timer(static state => ((GroupCommitWriter)state!).LingerElapsed(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _statements = new StoreStatements(connection);
        _begin = new StoreStatement(connection, "BEGIN IMMEDIATE");
        _commit = new StoreStatement(connection, "COMMIT");
        _rollback = new StoreStatement(connection, "ROLLBACK");
        _checkpoint = new StoreStatement(connection, "PRAGMA wal_checkpoint(PASSIVE)");
    }

    public long StagedMark => Interlocked.Read(ref _staged);

    public bool Keeps => true;

    public long Commits => Interlocked.Read(ref _commits);

    /// <summary>Changes written (after coalescing whole-row rewrites within a batch).</summary>
    public long ChangesWritten => Interlocked.Read(ref _changesWritten);

    /// <summary>Completes when the writer stops after <see cref="Dispose"/>; faults if it stopped on a failed write.</summary>
    public Task Completion => _completion.Task;

    public long Stage(StoreChange change)
    {
        lock (_gate)
        {
            // After a failure nothing more is written, but staging must not throw into the
            // switch mid-decision: the waits fault instead, and the node stops.
            // No wake-up here: the writer starts when somebody waits (WhenDurable) or the
            // linger timer fires, so changes staged close together share a commit.
            _pending.Add(change);
            var mark = _staged + 1;
            Interlocked.Exchange(ref _staged, mark);
            ArmLinger();
            return mark;
        }
    }

    /// <summary>Stages two changes next to each other: no other thread's change comes between them.</summary>
    public long Stage(StoreChange first, StoreChange second)
    {
        lock (_gate)
        {
            Stage(first);
            return Stage(second);
        }
    }

    public DecisionGroup OpenGroup()
    {
        Monitor.Enter(_groupMutex);
        if (_groupDepth++ == 0)
        {
            lock (_gate)
            {
                _groupStart = _staged + 1;
            }
        }

        return new DecisionGroup(this);
    }

    void IDecisionJournal.CloseGroup()
    {
        if (--_groupDepth == 0)
        {
            lock (_gate)
            {
                _groupStart = null;
                RequestCommitIfDue();
            }
        }

        Monitor.Exit(_groupMutex);
    }

    public bool IsDurable(long mark) => Interlocked.Read(ref _durable) >= mark;

    public Task WhenDurable(long mark)
    {
        if (IsDurable(mark))
        {
            return Task.CompletedTask;
        }

        var commit = NextCommitFor(mark, out var covers);
        return covers ? commit : WhenCoveredAsync(mark, commit);
    }

    /// <summary>
    /// The commit to wait on for <paramref name="mark"/>: the one in progress if it covers the mark
    /// (<paramref name="covers"/>), else the next one, which may end short of it (the writer never
    /// ends a transaction inside an open group), so the caller must look again once it is done.
    /// </summary>
    private Task NextCommitFor(long mark, out bool covers)
    {
        lock (_gate)
        {
            covers = true;
            if (_fault is not null)
            {
                return Task.FromException(_fault);
            }

            if (_durable >= mark)
            {
                return Task.CompletedTask;
            }

            if (_inProgress is not null && mark <= _inProgressLast)
            {
                return _inProgress.Task;
            }

            if (mark > _wanted)
            {
                _wanted = mark;
                RequestCommitIfDue();
            }

            covers = false;
            return _next.Task;
        }
    }

    /// <summary>Waits commit after commit until one has written <paramref name="mark"/> (the write-ahead rule: nothing leaves before its decision is durable).</summary>
    private async Task WhenCoveredAsync(long mark, Task commit)
    {
        while (true)
        {
            await commit;
            if (IsDurable(mark))
            {
                return;
            }

            commit = NextCommitFor(mark, out _);
        }
    }

    /// <summary>Writes what is staged (on the calling thread, once the scheduler's commit of this store has ended), and closes the connection.</summary>
    public void Dispose()
    {
        List<StoreChange>? batch = null;
        bool swapped = false;
        TaskCompletionSource? done = null;
        lock (_gate)
        {
            if (_stopping)
            {
                return;
            }

            _stopping = true;
            while (_writing)
            {
                Monitor.Wait(_gate);
            }

            // On the way out every staged change is written, open group or not: as before a stop.
            if (_fault is null && _staged > _taken)
            {
                (batch, swapped, done) = Take(_staged);
                _writing = true;
            }
        }

        _linger.Dispose();
        if (batch is not null && TryWrite(batch))
        {
            lock (_gate)
            {
                Finish(batch, swapped);
            }

            Interlocked.Increment(ref _commits);
            done!.SetResult();
        }

        _completion.TrySetResult();
        _statements.Dispose();
        _begin.Dispose();
        _commit.Dispose();
        _rollback.Dispose();
        _checkpoint.Dispose();
        _connection.Dispose();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>
    /// Called by the scheduler's thread when this store's turn comes: writes what is due in one
    /// transaction (short of an open group) and marks it durable (<see cref="Commits"/> counts it
    /// before any wait is answered).
    /// </summary>
    internal void CommitDue()
    {
        List<StoreChange> batch;
        bool swapped;
        TaskCompletionSource done;
        lock (_gate)
        {
            var limit = Writable();
            if (_stopping || _fault is not null || limit == _taken || !Due())
            {
                // Nothing to write now: an open group holds it back (its close asks again) or the
                // wait was answered by the commit before. Out of line until asked again.
                _scheduled = false;
                return;
            }

            (batch, swapped, done) = Take(limit);
            _writing = true;
        }

        // Any exception fails this store only: the scheduler's thread goes on with the others.
        if (!TryWrite(batch))
        {
            return;
        }

        lock (_gate)
        {
            Finish(batch, swapped, writing: true);
        }

        Interlocked.Increment(ref _commits);
        done.SetResult();

        // The waits are answered; still this store's turn, so nothing else uses the connection.
        CheckpointIfDue();
        lock (_gate)
        {
            EndWriting();
            _scheduled = false;
            RequestCommitIfDue();
        }
    }

    /// <summary>
    /// Every <see cref="CheckpointEvery"/> commits, copies the WAL into the database so the next
    /// commit writes the WAL from its start again (SQLite resets it once everything in it is
    /// checkpointed). Runs after the commit's waits were answered, so no message waits for it.
    /// </summary>
    private void CheckpointIfDue()
    {
        if (++_sinceCheckpoint < CheckpointEvery)
        {
            return;
        }

        _sinceCheckpoint = 0;
        try
        {
            _checkpoint.Run();
        }
        catch (Exception e)
        {
            // What was committed stays committed; a disk that cannot take a checkpoint will not take the next commit either.
            Fail(e);
        }
    }

    /// <summary>Takes the changes up to <paramref name="limit"/> for one transaction. Called under the lock.</summary>
    private (List<StoreChange> Batch, bool Swapped, TaskCompletionSource Done) Take(long limit)
    {
        List<StoreChange> batch;
        var count = (int)(limit - _taken);
        var swapped = count == _pending.Count;
        if (swapped)
        {
            batch = _pending;
            _pending = _spare;
        }
        else
        {
            batch = _pending.GetRange(0, count);
            _pending.RemoveRange(0, count);
        }

        _taken = limit;
        _lingerDue = false;
        if (_staged == _taken)
        {
            DisarmLinger();
        }
        else
        {
            ArmLinger();
        }

        _inProgressLast = limit;
        var done = _inProgress = _next;
        _next = NewSignal();
        return (batch, swapped, done);
    }

    /// <summary>
    /// Marks a written batch durable and keeps its list for reuse; unless <paramref name="writing"/>
    /// (a checkpoint follows on this thread), the connection is free again. Called under the lock.
    /// </summary>
    private void Finish(List<StoreChange> batch, bool swapped, bool writing = false)
    {
        batch.Clear();
        if (swapped)
        {
            _spare = batch;
        }

        Interlocked.Exchange(ref _durable, _inProgressLast);
        _inProgress = null;
        if (!writing)
        {
            EndWriting();
        }
    }

    /// <summary>The connection is free: a <see cref="Dispose"/> waiting for it may go on. Called under the lock.</summary>
    private void EndWriting()
    {
        _writing = false;
        if (_stopping)
        {
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>Writes one batch; on failure stops this store (every wait faults) and returns false.</summary>
    private bool TryWrite(List<StoreChange> batch)
    {
        try
        {
            Write(batch);
            return true;
        }
        catch (Exception e)
        {
            Fail(e);
            lock (_gate)
            {
                _writing = false;
                Monitor.PulseAll(_gate);
            }

            return false;
        }
    }

    /// <summary>
    /// Asks the scheduler for a commit when one is due (a wait for a mark not taken, or a change
    /// that lingered) and can be written (no open group holds it all back), unless this store is
    /// in line already. Called under the lock.
    /// </summary>
    private void RequestCommitIfDue()
    {
        if (_scheduled || _stopping || _fault is not null || !Due() || Writable() == _taken)
        {
            return;
        }

        _scheduled = true;
        if (!_scheduler.Schedule(this))
        {
            _fault = new StoreFailedException($"node store '{_path}': its commit scheduler was stopped before the store was closed; nothing more is written.");
            _next.TrySetException(_fault);
            _completion.TrySetException(_fault);
        }
    }

    /// <summary>Whether a commit is due: somebody waits for a mark not taken yet, or a change has lingered long enough. Called under the lock.</summary>
    private bool Due() => _wanted > _taken || _lingerDue;

    /// <summary>Starts the linger timer for the oldest change not yet taken, unless it runs already. Called under the lock.</summary>
    private void ArmLinger()
    {
        if (!_lingerArmed && !_lingerDue)
        {
            _lingerArmed = true;
            _linger.Change(_lingerAfter, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Stops the linger timer once everything staged has been taken. Called under the lock.</summary>
    private void DisarmLinger()
    {
        if (_lingerArmed)
        {
            _lingerArmed = false;
            _linger.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }
    }

    private void LingerElapsed()
    {
        lock (_gate)
        {
            if (!_lingerArmed)
            {
                return;
            }

            _lingerArmed = false;
            _lingerDue = true;
            RequestCommitIfDue();
        }
    }

    /// <summary>The last mark a transaction may end at now: everything staged, short of the oldest open group. Called under the lock.</summary>
    private long Writable() => _groupStart is { } start ? Math.Min(_staged, start - 1) : _staged;

    private void Write(List<StoreChange> batch)
    {
        // Whole-row rewrites: only the last one per row in this batch is written.
        _rowsSeen.Clear();
        var skip = new bool[batch.Count];
        for (var i = batch.Count - 1; i >= 0; i--)
        {
            if (batch[i].RowKey is { } key && !_rowsSeen.Add(key))
            {
                skip[i] = true;
            }
        }

        _begin.Run();
        try
        {
            var written = 0;
            for (var i = 0; i < batch.Count; i++)
            {
                if (!skip[i])
                {
                    batch[i].Apply(_statements);
                    written++;
                }
            }

            _commit.Run();
            Interlocked.Add(ref _changesWritten, written);
        }
        catch
        {
            TryRollback();
            throw;
        }
    }

    private void TryRollback()
    {
        try
        {
            _rollback.Run();
        }
        catch (SqliteException)
        {
            // The transaction may already be gone (SQLite rolls back on some errors itself).
        }
    }

    private void Fail(Exception e)
    {
        var fault = new StoreFailedException($"node store '{_path}': writing failed ({e.Message}); the node stops rather than send what it could not record. Free disk space or fix the file's permissions, then start the node again: it resumes from what was written.", e);
        TaskCompletionSource? inProgress;
        TaskCompletionSource next;
        lock (_gate)
        {
            _fault = fault;
            inProgress = _inProgress;
            next = _next;
        }

        inProgress?.TrySetException(fault);
        next.TrySetException(fault);
        _completion.TrySetException(fault);
    }
}
