using LnRelay.Node.Store;

namespace LnRelay.Node.Tests.Store;

/// <summary>
/// A journal that keeps every staged change in order and the marks a node killed with
/// <c>kill -9</c> may have left durable: as with <see cref="GroupCommitWriter"/>, a prefix of
/// the staged changes that ends between decisions, never inside an open group (docs/store.md,
/// "Group commit"). <see cref="WriteTo"/> puts such a prefix into a store, as the crash left it.
/// <para>
/// A change another thread stages while a group is open waits until the group closes: the
/// writer would keep it out of the group's transaction, and a node loaded enough may well
/// stage it only then. So a decision's consequences on other threads (the payer's record of
/// an HTLC's outcome) always land after the decision, with a crash point in between.
/// </para>
/// </summary>
internal sealed class RecordingJournal : IDecisionJournal
{
    private readonly object _groupMutex = new();
    private readonly Lock _gate = new();
    private readonly List<StoreChange> _changes = [];
    private readonly SortedSet<long> _cuts = [0];
    private int _groupDepth;

    public long StagedMark
    {
        get
        {
            lock (_gate)
            {
                return _changes.Count;
            }
        }
    }

    public bool Keeps => true;

    public long Commits => 0;

    /// <summary>Every mark a crash may have left durable, in order (0: nothing).</summary>
    public IReadOnlyList<long> Cuts
    {
        get
        {
            lock (_gate)
            {
                return [.. _cuts];
            }
        }
    }

    public long Stage(StoreChange change) => Add([change]);

    public long Stage(StoreChange first, StoreChange second) => Add([first, second]);

    public DecisionGroup OpenGroup()
    {
        Monitor.Enter(_groupMutex);
        lock (_gate)
        {
            _groupDepth++;
        }

        return new DecisionGroup(this);
    }

    public void CloseGroup()
    {
        lock (_gate)
        {
            if (--_groupDepth == 0)
            {
                _cuts.Add(_changes.Count);
            }
        }

        Monitor.Exit(_groupMutex);
    }

    public bool IsDurable(long mark) => true;

    private long Add(StoreChange[] changes)
    {
        lock (_groupMutex)
        {
            lock (_gate)
            {
                _changes.AddRange(changes);
                if (_groupDepth == 0)
                {
                    _cuts.Add(_changes.Count);
                }

                return _changes.Count;
            }
        }
    }

    public Task WhenDurable(long mark) => Task.CompletedTask;

    /// <summary>The first <paramref name="cut"/> changes staged.</summary>
    public IReadOnlyList<StoreChange> Prefix(long cut)
    {
        lock (_gate)
        {
            return _changes[..(int)cut];
        }
    }

    /// <summary>Writes the first <paramref name="cut"/> changes into the (new) store at <paramref name="folder"/>, as a crash at that mark left it.</summary>
    public async Task WriteTo(StoreFolder folder, long cut)
    {
        var prefix = Prefix(cut);
        using var store = folder.Open();
        using var writer = store.StartWriter();
        foreach (var change in prefix)
        {
            writer.Stage(change);
        }

        await writer.WhenDurable(writer.StagedMark);
    }
}
