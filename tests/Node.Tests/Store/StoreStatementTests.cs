using LnRelay.Node.Store;
using Microsoft.Data.Sqlite;

namespace LnRelay.Node.Tests.Store;

/// <summary>The prepared statement the writer runs on SQLite's own handle: what it binds is what a reader reads back.</summary>
public sealed class StoreStatementTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), "lnrelay-statement-" + Guid.NewGuid().ToString("N")[..12] + ".db");
    private readonly SqliteConnection _connection;

    public StoreStatementTests()
    {
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _path, Pooling = false }.ToString());
        _connection.Open();
        using var command = _connection.CreateCommand();
        command.CommandText = "CREATE TABLE t (i INTEGER, b BLOB, s TEXT, n BLOB)";
        command.ExecuteNonQuery();
    }

    [Fact]
    public void Integers_blobs_texts_and_nulls_are_stored_as_given_and_a_repeated_name_is_one_parameter()
    {
        using (var insert = new StoreStatement(_connection, "INSERT INTO t (i, b, s, n) VALUES ($i, $b, $s, $n)"))
        {
            Assert.Equal(1, insert.Run(-1L, new byte[] { 1, 2, 3 }, "carol", (byte[]?)null));
            Assert.Equal(1, insert.Run(long.MaxValue, Array.Empty<byte>(), "", new byte[] { 9 }));
        }

        using (var update = new StoreStatement(_connection, "UPDATE t SET i = $i WHERE i = $i - 1 OR s = $s"))
        {
            Assert.Equal(1, update.Run(0L, "carol"));
        }

        var rows = Read();
        Assert.Equal(2, rows.Count);
        Assert.Equal(0L, rows[0].I);
        Assert.Equal([1, 2, 3], rows[0].B!);
        Assert.Equal("carol", rows[0].S);
        Assert.Null(rows[0].N);
        Assert.Equal(long.MaxValue, rows[1].I);
        Assert.Equal([], rows[1].B!);
        Assert.Equal("", rows[1].S);
        Assert.Equal([9], rows[1].N!);
    }

    [Fact]
    public void The_wrong_number_of_values_is_refused_before_anything_runs()
    {
        using var insert = new StoreStatement(_connection, "INSERT INTO t (i) VALUES ($i)");
        var e = Assert.Throws<ArgumentException>(() => insert.Run(1L, 2L));
        Assert.Contains("takes 1 values, not 2", e.Message);
        Assert.Empty(Read());
    }

    [Fact]
    public void A_failing_statement_throws_SQLites_error_and_runs_again_afterwards()
    {
        using (var command = _connection.CreateCommand())
        {
            command.CommandText = "CREATE UNIQUE INDEX t_i ON t (i)";
            command.ExecuteNonQuery();
        }

        using var insert = new StoreStatement(_connection, "INSERT INTO t (i) VALUES ($i)");
        insert.Run(7L);
        var e = Assert.Throws<SqliteException>(() => insert.Run(7L));
        Assert.Contains("UNIQUE", e.Message);
        insert.Run(8L);
        Assert.Equal([7L, 8L], Read().Select(r => r.I));
    }

    public void Dispose()
    {
        _connection.Dispose();
        File.Delete(_path);
    }

    private List<(long I, byte[]? B, string? S, byte[]? N)> Read()
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT i, b, s, n FROM t ORDER BY rowid";
        using var reader = command.ExecuteReader();
        var rows = new List<(long, byte[]?, string?, byte[]?)>();
        while (reader.Read())
        {
            rows.Add((reader.GetInt64(0), reader.IsDBNull(1) ? null : (byte[])reader[1], reader.IsDBNull(2) ? null : reader.GetString(2), reader.IsDBNull(3) ? null : (byte[])reader[3]));
        }

        return rows;
    }
}
