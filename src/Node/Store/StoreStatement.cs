using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;

namespace LnRelay.Node.Store;

/// <summary>
/// One prepared statement, run many times with new values: its parameters are the
/// <c>$names</c> in its SQL, bound in the order they first appear.
/// </summary>
internal sealed partial class StoreStatement : IDisposable
{
    private readonly SqliteCommand _command;
    private readonly SqliteParameter[] _parameters;

    public StoreStatement(SqliteConnection connection, string sql)
    {
        _command = connection.CreateCommand();
        _command.CommandText = sql;
        var names = ParameterName().Matches(sql).Select(m => m.Value).Distinct(StringComparer.Ordinal).ToArray();
        _parameters = [.. names.Select(n => _command.Parameters.Add(new SqliteParameter(n, null)))];
    }

    /// <summary>Runs the statement with <paramref name="values"/> in the parameters' order; returns the rows changed.</summary>
    public int Run(params ReadOnlySpan<object?> values)
    {
        if (values.Length != _parameters.Length)
        {
            throw new ArgumentException($"The statement takes {_parameters.Length} values, not {values.Length}: {_command.CommandText}");
        }

        for (var i = 0; i < values.Length; i++)
        {
            _parameters[i].Value = values[i] ?? DBNull.Value;
        }

        return _command.ExecuteNonQuery();
    }

    public void Dispose() => _command.Dispose();

    [GeneratedRegex(@"\$[a-z_]+")]
    private static partial Regex ParameterName();
}
