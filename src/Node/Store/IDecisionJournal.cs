namespace LnRelay.Node.Store;

/// <summary>
/// Where the node's decisions go before anything that follows from them leaves the node
/// (the write-ahead rule, docs/store.md). <c>Stage</c> is cheap and never blocks:
/// it queues a change and returns its mark. Whoever is about to send a message that
/// follows from decisions asks whether the mark it holds <see cref="IsDurable"/>, and
/// waits with <see cref="WhenDurable"/> if not. Thread-safe.
/// </summary>
internal interface IDecisionJournal
{
    /// <summary>The mark of the last change staged: a message decided now follows from every change up to it.</summary>
    long StagedMark { get; }

    /// <summary>Whether changes are kept at all (false in memory-only mode): callers skip building changes nobody writes.</summary>
    bool Keeps { get; }

    /// <summary>Transactions committed (each one write and fsync of the log): the cost of durability.</summary>
    long Commits { get; }

    /// <summary>Queues a change to be written in order with the others; returns its mark.</summary>
    long Stage(StoreChange change);

    /// <summary>Stages two changes next to each other (one decision's rows, such as a channel and its HTLC).</summary>
    long Stage(StoreChange first, StoreChange second);

    /// <summary>
    /// Opens a group, waiting while another thread's is open: until it is disposed, no
    /// transaction ends inside it, so a decision's changes become durable together (other
    /// threads' single changes may fall in between: they belong to no decision). The same
    /// thread may nest groups. Keep a group to one decision, and open it before taking the
    /// switch's lock, never under it.
    /// </summary>
    DecisionGroup OpenGroup();

    /// <summary>Closes the innermost group this thread opened (called by <see cref="DecisionGroup.Dispose"/>).</summary>
    void CloseGroup();

    /// <summary>Whether every change up to <paramref name="mark"/> is on disk.</summary>
    bool IsDurable(long mark);

    /// <summary>Completes once every change up to <paramref name="mark"/> is on disk; faults if the store failed.</summary>
    Task WhenDurable(long mark);
}

/// <summary>
/// The journal of a node run with <c>--in-memory</c>: nothing is written, everything counts
/// as durable at once. Such a node starts from network.json every time (as before the store).
/// </summary>
internal sealed class InMemoryJournal : IDecisionJournal
{
    public static InMemoryJournal Instance { get; } = new();

    public long StagedMark => 0;

    public bool Keeps => false;

    public long Commits => 0;

    public long Stage(StoreChange change) => 0;

    public long Stage(StoreChange first, StoreChange second) => 0;

    public DecisionGroup OpenGroup() => default;

    public void CloseGroup()
    {
    }

    public bool IsDurable(long mark) => true;

    public Task WhenDurable(long mark) => Task.CompletedTask;
}

/// <summary>An open group of changes that become durable together (see <see cref="IDecisionJournal.OpenGroup"/>); dispose to close.</summary>
internal readonly struct DecisionGroup(IDecisionJournal? journal) : IDisposable
{
    public void Dispose() => journal?.CloseGroup();
}
