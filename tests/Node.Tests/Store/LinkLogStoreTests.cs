using LnRelay.Node.Payments;
using LnRelay.Node.Store;
using LnRelay.Tests.Shared;
using Microsoft.Data.Sqlite;

namespace LnRelay.Node.Tests.Store;

/// <summary>
/// The link log on disk (docs/store.md): a rowid table since migration 9, so an
/// update_add_htlc of about 1.4 KB stays on its leaf page; read back per peer in sequence order.
/// </summary>
public sealed class LinkLogStoreTests : IDisposable
{
    private const int AddHtlcSize = 1452;

    private readonly StoreFolder _folder = new();
    private readonly ManualTimeProvider _time = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void A_store_written_before_migration_9_keeps_its_link_log_in_order()
    {
        var before = StoreSchema.Migrations.Where(m => m.Version < 9).ToList();
        NodeStore.Open(_folder.DbPath, _folder.NodeId, before).Dispose();
        var rows = new[] { ("bob", 7UL), ("alice", 3UL), ("bob", 5UL), ("alice", 4UL) };
        using (var connection = _folder.Connect())
        {
            foreach (var (peer, seq) in rows)
            {
                using var insert = connection.CreateCommand();
                insert.CommandText = "INSERT INTO link_log (peer, seq, message, delay_ms) VALUES ($peer, $seq, $message, $delay)";
                insert.Parameters.AddWithValue("$peer", peer);
                insert.Parameters.AddWithValue("$seq", (long)seq);
                insert.Parameters.AddWithValue("$message", Message(seq));
                insert.Parameters.AddWithValue("$delay", (long)seq * 10);
                insert.ExecuteNonQuery();
            }

            foreach (var peer in new[] { "alice", "bob" })
            {
                using var link = connection.CreateCommand();
                link.CommandText = "INSERT INTO links (peer, epoch, peer_epoch, received_count, next_seq) VALUES ($peer, 1, 2, 0, 8)";
                link.Parameters.AddWithValue("$peer", peer);
                link.ExecuteNonQuery();
            }
        }

        using var migrated = _folder.Open();
        var links = migrated.Load(_time.GetUtcNow(), PaymentStore.DefaultCompletedKept).Links;
        Assert.Equal([3UL, 4UL], links["alice"].Log.Select(l => l.Sequence));
        Assert.Equal([5UL, 7UL], links["bob"].Log.Select(l => l.Sequence));
        Assert.All(links.Values.SelectMany(l => l.Log), l =>
        {
            Assert.Equal(Message(l.Sequence), l.Message);
            Assert.Equal((long)l.Sequence * 10, l.DelayMs);
        });

        using var after = _folder.Connect();
        var sql = (string)Scalar(after, "SELECT sql FROM sqlite_master WHERE name = 'link_log'")!;
        Assert.DoesNotContain("WITHOUT ROWID", sql, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0L, Scalar(after, "SELECT count(*) FROM sqlite_master WHERE name = 'link_log_rows'"));
        Assert.Equal(0L, Scalar(after, "SELECT count(*) FROM sqlite_master WHERE tbl_name = 'link_log' AND type = 'index'"));
    }

    [Fact]
    public async Task Logging_an_add_htlc_writes_one_page_and_acknowledged_updates_leave()
    {
        var wal = _folder.DbPath + "-wal";
        using (var store = _folder.Open())
        {
            using var writer = store.StartWriter();
            await writer.WhenDurable(writer.Stage(new LinkAppended("carol", 0, Message(0), 0)));
            var before = new FileInfo(wal).Length;
            await writer.WhenDurable(writer.Stage(new LinkAppended("carol", 1, Message(1), 0)));

            // https://www.sqlite.org/fileformat.html "WAL File Format": a frame is a 24-byte header and a page.
            // The row stays on its leaf page (a rowid table's leaf keeps a row up to the page size less 35
            // bytes); in a WITHOUT ROWID table it spilled to an overflow page, and the file grew (page 1).
            Assert.Equal(24 + 4096, new FileInfo(wal).Length - before);
            for (var seq = 2UL; seq < 40; seq++)
            {
                writer.Stage(new LinkAppended("carol", seq, Message(seq), 0));
            }

            await writer.WhenDurable(writer.Stage(new LinkForgotten("carol", 30)));
        }

        using var connection = _folder.Connect();
        Assert.Equal(10L, Scalar(connection, "SELECT count(*) FROM link_log WHERE peer = 'carol' AND seq >= 30"));
        Assert.Equal(10L, Scalar(connection, "SELECT count(*) FROM link_log"));
    }

    private static byte[] Message(ulong seq)
    {
        var message = new byte[AddHtlcSize];
        new Random((int)seq).NextBytes(message);
        return message;
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
