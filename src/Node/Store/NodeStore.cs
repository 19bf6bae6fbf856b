using System.Text;
using Microsoft.Data.Sqlite;

namespace LnRelay.Node.Store;

/// <summary>
/// A node's database (docs/store.md): <c>node.db</c> in its data folder, SQLite in WAL
/// mode through Microsoft.Data.Sqlite's bundled native library. <c>Open</c> checks
/// the file, migrates it to <see cref="StoreSchema.CurrentVersion"/>, and refuses with one
/// message naming the file and the fix when it cannot be used (not a database, damaged,
/// written by a newer lnrelay, or another node's): never a silent reset.
/// </summary>
internal sealed class NodeStore : IDisposable
{
    /// <summary>The database's file name in a node's data folder (with <c>-wal</c> and <c>-shm</c> beside it while open).</summary>
    public const string FileName = "node.db";

    // https://www.sqlite.org/fileformat.html "The Database Header": every database file starts with these 16 bytes.
    private static readonly byte[] SqliteHeader = Encoding.ASCII.GetBytes("SQLite format 3\0");

    private SqliteConnection? _connection;

    private NodeStore(string path, SqliteConnection connection, bool created)
    {
        Path = path;
        _connection = connection;
        Created = created;
    }

    public string Path { get; }

    /// <summary>True when this open created the database (a node's first start on this folder).</summary>
    public bool Created { get; }

    /// <summary>
    /// Opens (creating if absent) and migrates the store at <paramref name="path"/>, checking
    /// it belongs to the node <paramref name="nodeId"/> (compressed public key).
    /// </summary>
    /// <param name="path">The database file.</param>
    /// <param name="nodeId">The node it must belong to.</param>
    /// <param name="synchronous">How hard each commit pushes to the disk (<see cref="StoreSynchronous.Full"/> unless given).</param>
    /// <exception cref="StoreFailedException">The file cannot be used; the message says why and what to do.</exception>
    public static NodeStore Open(string path, ReadOnlySpan<byte> nodeId, StoreSynchronous synchronous = StoreSynchronous.Full) =>
        Open(path, nodeId, StoreSchema.Migrations, synchronous);

    /// <summary><see cref="Open(string, ReadOnlySpan{byte}, StoreSynchronous)"/> with a given list of migrations (tests of the migrator).</summary>
    internal static NodeStore Open(string path, ReadOnlySpan<byte> nodeId, IReadOnlyList<StoreSchema.Migration> migrations, StoreSynchronous synchronous = StoreSynchronous.Full)
    {
        var created = !File.Exists(path) || new FileInfo(path).Length == 0;
        if (!created)
        {
            CheckHeader(path);
        }

        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false }.ToString());
        try
        {
            connection.Open();
            Scalar(connection, "PRAGMA journal_mode = WAL");

            // https://www.sqlite.org/pragma.html#pragma_synchronous, in WAL mode: FULL syncs the log at
            // each commit, so a committed decision survives a power cut; NORMAL syncs it only before a
            // checkpoint, so a commit survives a killed process but may be rolled back by an OS crash.
            Scalar(connection, synchronous == StoreSynchronous.Normal ? "PRAGMA synchronous = NORMAL" : "PRAGMA synchronous = FULL");
            if (!created && Scalar(connection, "PRAGMA quick_check") is string check && check != "ok")
            {
                throw Damaged(path, $"SQLite's quick_check reports: {check}");
            }

            var version = Migrate(connection, path, migrations);
            CheckOwner(connection, path, nodeId);
            return new NodeStore(path, connection, created || version == 0);
        }
        catch (SqliteException e)
        {
            connection.Dispose();
            throw Damaged(path, e.Message, e);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Reads everything the node resumes from.</summary>
    public StoreSnapshot Load(DateTimeOffset now, int completedPaymentsKept) => StoreReader.Load(Connection, now, completedPaymentsKept);

    /// <summary>
    /// Hands the connection to a new group-commit writer; the store is then only the writer's.
    /// Its commits run on <paramref name="scheduler"/>'s thread (the process's shared one unless given).
    /// </summary>
    public GroupCommitWriter StartWriter(TimeSpan? linger = null, CommitScheduler? scheduler = null)
    {
        var writer = new GroupCommitWriter(Connection, Path, linger, scheduler);
        _connection = null;
        return writer;
    }

    /// <summary>SQLite's <c>PRAGMA synchronous</c> on this store's connection: 1 NORMAL, 2 FULL (tests).</summary>
    internal long SynchronousPragma => (long)Scalar(Connection, "PRAGMA synchronous")!;

    public void Dispose() => _connection?.Dispose();

    private SqliteConnection Connection => _connection ?? throw new InvalidOperationException("The store's connection belongs to its writer now.");

    private static void CheckHeader(string path)
    {
        var header = new byte[SqliteHeader.Length];
        int read;
        using (var file = File.OpenRead(path))
        {
            read = file.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        }

        if (read < header.Length || !header.AsSpan().SequenceEqual(SqliteHeader))
        {
            throw Damaged(path, "it is not an SQLite database (its first bytes are not SQLite's header)");
        }
    }

    private static int Migrate(SqliteConnection connection, string path, IReadOnlyList<StoreSchema.Migration> migrations)
    {
        var hasVersionTable = Scalar(connection, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'") is long n && n > 0;
        var tables = (long)Scalar(connection, "SELECT count(*) FROM sqlite_master WHERE type = 'table'")!;
        if (!hasVersionTable && tables > 0)
        {
            throw new StoreFailedException($"node store '{path}' is an SQLite database but not an lnrelay node's (it has no schema_version table). Move it out of the data folder; the node then creates a new store and starts from network.json.");
        }

        var version = hasVersionTable && Scalar(connection, "SELECT max(version) FROM schema_version") is long v ? (int)v : 0;
        var newest = migrations.Count == 0 ? 0 : migrations[^1].Version;
        if (version > newest)
        {
            throw new StoreFailedException($"node store '{path}' has schema version {version}, written by a newer lnrelay-node; this one knows versions up to {newest}. Run the lnrelay-node that wrote it (or a newer one), or move the file aside to start this node from network.json (its state in the file is then not used).");
        }

        var steps = migrations.Where(m => m.Version > version).ToList();
        if (!hasVersionTable)
        {
            // A new store: the version table and every step in one transaction, so creating a
            // store costs one commit (one fsync) instead of one per step; a node's first start at
            // 1,000 nodes paid 8 commits each (docs/performance.md, session 6). The same SQL runs
            // in the same order as for an older store, so the schema is the same either way.
            using var transaction = connection.BeginTransaction();
            Execute(connection, transaction, "CREATE TABLE schema_version (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL)");
            foreach (var step in steps)
            {
                Apply(connection, transaction, step);
            }

            transaction.Commit();
            return version;
        }

        // An older store: each step it lacks in its own transaction, recorded as it goes.
        foreach (var step in steps)
        {
            using var transaction = connection.BeginTransaction();
            Apply(connection, transaction, step);
            transaction.Commit();
        }

        return version;
    }

    /// <summary>Runs one migration step and records it in <c>schema_version</c>, inside <paramref name="transaction"/>.</summary>
    private static void Apply(SqliteConnection connection, SqliteTransaction transaction, StoreSchema.Migration step)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = step.Sql;
        command.ExecuteNonQuery();
        command.CommandText = "INSERT INTO schema_version (version, description, applied_at) VALUES ($v, $d, $t)";
        command.Parameters.AddWithValue("$v", step.Version);
        command.Parameters.AddWithValue("$d", step.Description);
        command.Parameters.AddWithValue("$t", DateTimeOffset.UtcNow.ToString("O"));
        command.ExecuteNonQuery();
    }

    private static void CheckOwner(SqliteConnection connection, string path, ReadOnlySpan<byte> nodeId)
    {
        if (Scalar(connection, "SELECT node_id FROM node WHERE id = 1") is byte[] stored && !stored.AsSpan().SequenceEqual(nodeId))
        {
            throw new StoreFailedException($"node store '{path}' belongs to node {Convert.ToHexStringLower(stored)}, not to this folder's node {Convert.ToHexStringLower(nodeId)}: the file was copied from another node's data folder. Put it back where it came from, or move it aside to start this node from network.json.");
        }
    }

    private static StoreFailedException Damaged(string path, string what, Exception? inner = null) =>
        new($"node store '{path}' cannot be read: {what}. The file is damaged (truncated, overwritten, or not a database). Restore it from a backup, or move it aside (with its -wal and -shm files) to start this node from network.json; its peers will then disagree with it about the payments that were in flight.", inner);

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        var value = command.ExecuteScalar();
        return value is DBNull ? null : value;
    }

    private static void Execute(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
