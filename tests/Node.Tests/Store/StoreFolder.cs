using LnRelay.Crypto;
using LnRelay.Node.Store;

namespace LnRelay.Node.Tests.Store;

/// <summary>A fresh folder for one test's node.db, deleted afterwards, and a node id to open it as.</summary>
internal sealed class StoreFolder : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "lnrelay-store-" + Guid.NewGuid().ToString("N")[..12]);

    public StoreFolder()
        : this(PrivateKey.Generate().PublicKey)
    {
    }

    /// <summary>A folder for the store of the node <paramref name="nodeKey"/> (another copy of one node's store).</summary>
    public StoreFolder(PublicKey nodeKey)
    {
        NodeKey = nodeKey;
        Directory.CreateDirectory(_dir);
    }

    public string DbPath => Path.Combine(_dir, NodeStore.FileName);

    public PublicKey NodeKey { get; }

    public byte[] NodeId => NodeKey.ToBytes();

    public NodeStore Open() => NodeStore.Open(DbPath, NodeId);

    /// <summary>A connection of the test's own to the store (to write rows an older lnrelay wrote, or read what was committed).</summary>
    public Microsoft.Data.Sqlite.SqliteConnection Connect()
    {
        var connection = new Microsoft.Data.Sqlite.SqliteConnection(new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder { DataSource = DbPath, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }
}
