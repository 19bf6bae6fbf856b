using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace LnRelay.Node.Store;

/// <summary>
/// One prepared statement, run many times with new values: its parameters are the
/// <c>$names</c> in its SQL, bound in the order they first appear.
/// <para>
/// It runs on SQLite's own statement handle (SQLitePCLRaw, beneath Microsoft.Data.Sqlite),
/// binding each value by its index: a <c>SqliteCommand</c> allocated a reader, an enumerator and
/// a binder per parameter and looked each parameter up by name on every run, about 1 KB and a
/// few microseconds per statement, a dozen statements per commit (docs/performance.md, "Durable
/// commits, session 7").
/// </para>
/// </summary>
internal sealed partial class StoreStatement : IDisposable
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;
    private readonly int _parameters;
    private readonly string _sql;

    public StoreStatement(SqliteConnection connection, string sql)
    {
        _db = connection.Handle ?? throw new InvalidOperationException("The store's connection is not open.");
        _sql = sql;
        SqliteException.ThrowExceptionForRC(raw.sqlite3_prepare_v2(_db, sql, out _statement), _db);
        var names = ParameterName().Matches(sql).Select(m => m.Value).Distinct(StringComparer.Ordinal).ToArray();
        _parameters = raw.sqlite3_bind_parameter_count(_statement);

        // SQLite numbers named parameters in the order they first appear; check it agrees.
        if (_parameters != names.Length || names.Where((n, i) => raw.sqlite3_bind_parameter_name(_statement, i + 1).utf8_to_string() != n).Any())
        {
            _statement.Dispose();
            throw new ArgumentException($"The statement's parameters are not its $names in order of first appearance: {sql}");
        }
    }

    /// <summary>Runs the statement with <paramref name="values"/> in the parameters' order; returns the rows changed.</summary>
    public int Run(params ReadOnlySpan<StoreValue> values)
    {
        if (values.Length != _parameters)
        {
            throw new ArgumentException($"The statement takes {_parameters} values, not {values.Length}: {_sql}");
        }

        try
        {
            for (var i = 0; i < values.Length; i++)
            {
                Check(Bind(i + 1, values[i]));
            }

            var rc = raw.sqlite3_step(_statement);
            if (rc != raw.SQLITE_DONE && rc != raw.SQLITE_ROW)
            {
                SqliteException.ThrowExceptionForRC(rc, _db);
            }

            return raw.sqlite3_changes(_db);
        }
        finally
        {
            // Ready for the next run; its error, if any, was thrown above (reset repeats it).
            raw.sqlite3_reset(_statement);
        }
    }

    public void Dispose() => _statement.Dispose();

    private int Bind(int index, StoreValue value) => value.IsInteger
        ? raw.sqlite3_bind_int64(_statement, index, value.Integer)
        : value.Reference switch
        {
            null => raw.sqlite3_bind_null(_statement, index),

            // An empty span would bind NULL (its pointer is null): an empty blob is a zero-length blob.
            byte[] { Length: 0 } => raw.sqlite3_bind_zeroblob(_statement, index, 0),
            byte[] blob => raw.sqlite3_bind_blob(_statement, index, blob),
            string text => raw.sqlite3_bind_text(_statement, index, text),
            var other => throw new ArgumentException($"A store value is an integer, a byte[], a string or null, not {other.GetType().Name}."),
        };

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            SqliteException.ThrowExceptionForRC(rc, _db);
        }
    }

    [GeneratedRegex(@"\$[a-z_]+")]
    private static partial Regex ParameterName();
}
