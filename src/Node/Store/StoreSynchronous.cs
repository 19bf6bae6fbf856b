namespace LnRelay.Node.Store;

/// <summary>
/// How hard a commit pushes to the disk: SQLite's <c>PRAGMA synchronous</c> in WAL mode
/// (Store:Synchronous; docs/store.md "What a commit survives").
/// </summary>
public enum StoreSynchronous
{
    /// <summary>
    /// <c>FULL</c>, the default: every commit syncs the log (fsync) before the decision counts as
    /// durable. A committed decision survives the process being killed, an operating-system crash
    /// and a power cut.
    /// </summary>
    Full,

    /// <summary>
    /// <c>NORMAL</c>: a commit writes the log without syncing it (the log is synced before each
    /// checkpoint). A committed decision survives the process being killed (kill -9, a crash of
    /// lnrelay), not an operating-system crash or a power cut: those may roll back the last
    /// commits, never corrupt the database.
    /// </summary>
    Normal,
}
