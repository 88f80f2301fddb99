using System.Data.Common;
using System.Runtime.CompilerServices;

namespace VolunteerGrid.Coordinator.Storage;

/// <summary>Thin ADO.NET helpers: parameterised commands, scalars and row mapping.</summary>
internal static class Sql
{
    /// <summary>Beyond this many distinct statements a connection stops caching (dynamic IN lists).</summary>
    private const int MaxCachedCommands = 256;

    // Per long-lived connection: SQL text -> command. A kept SqliteCommand keeps its prepared
    // statement, so the hot statements are compiled once instead of on every execution.
    private static readonly ConditionalWeakTable<DbConnection, Dictionary<string, DbCommand>> CommandCaches = new();

    /// <summary>Makes the helpers reuse (never dispose) their commands on <paramref name="connection"/>; it must be used by one caller at a time.</summary>
    public static void CacheCommands(DbConnection connection) => CommandCaches.AddOrUpdate(connection, new Dictionary<string, DbCommand>(StringComparer.Ordinal));

    private static DbCommand Rent(DbConnection connection, DbTransaction? transaction, string sql, (string Name, object? Value)[] parameters)
    {
        if (!CommandCaches.TryGetValue(connection, out var cache))
            return connection.Command(transaction, sql, parameters);
        if (!cache.TryGetValue(sql, out var command))
        {
            command = connection.CreateCommand();
            command.CommandText = sql;
            if (cache.Count < MaxCachedCommands)
                cache.Add(sql, command);
        }
        command.Transaction = transaction;
        if (!TrySetValues(command, parameters))
        {
            command.Parameters.Clear();
            AddParameters(command, parameters);
        }
        return command;
    }

    /// <summary>
    /// Puts new values into a kept command's parameters when they have the same names in the same
    /// order (the usual case: one SQL text, one call site), instead of making a parameter object
    /// per value on every execution.
    /// </summary>
    private static bool TrySetValues(DbCommand command, (string Name, object? Value)[] parameters)
    {
        var existing = command.Parameters;
        if (existing.Count != parameters.Length)
            return false;
        for (var i = 0; i < parameters.Length; i++)
        {
            if (!string.Equals(existing[i].ParameterName, parameters[i].Name, StringComparison.Ordinal))
                return false;
        }
        for (var i = 0; i < parameters.Length; i++)
            existing[i].Value = ToDbValue(parameters[i].Value);
        return true;
    }

    private static ValueTask ReturnAsync(DbConnection connection, DbCommand command) =>
        CommandCaches.TryGetValue(connection, out var cache) && cache.TryGetValue(command.CommandText, out var kept) && ReferenceEquals(kept, command)
            ? ValueTask.CompletedTask
            : command.DisposeAsync();

    public static DbCommand Command(this DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        AddParameters(command, parameters);
        return command;
    }

    private static void AddParameters(DbCommand command, (string Name, object? Value)[] parameters)
    {
        foreach (var (name, value) in parameters)
        {
            var p = command.CreateParameter();
            p.ParameterName = name;
            p.Value = ToDbValue(value);
            command.Parameters.Add(p);
        }
    }

    private static object ToDbValue(object? value) => value switch
    {
        null => DBNull.Value,
        bool b => b ? 1 : 0,
        Enum e => Convert.ToInt32(e, System.Globalization.CultureInfo.InvariantCulture),
        _ => value,
    };

    public static Task<int> ExecAsync(this DbTransaction tx, string sql, params (string Name, object? Value)[] parameters) =>
        ExecCoreAsync(tx.Connection!, tx, sql, parameters);

    public static Task<int> ExecAsync(this DbConnection connection, string sql, params (string Name, object? Value)[] parameters) =>
        ExecCoreAsync(connection, null, sql, parameters);

    private static async Task<int> ExecCoreAsync(DbConnection connection, DbTransaction? tx, string sql, (string Name, object? Value)[] parameters)
    {
        var command = Rent(connection, tx, sql, parameters);
        try
        {
            return await command.ExecuteNonQueryAsync();
        }
        finally
        {
            await ReturnAsync(connection, command);
        }
    }

    public static Task<T?> ScalarAsync<T>(this DbTransaction tx, string sql, params (string Name, object? Value)[] parameters) =>
        ScalarCoreAsync<T>(tx.Connection!, tx, sql, parameters);

    public static Task<T?> ScalarAsync<T>(this DbConnection connection, string sql, params (string Name, object? Value)[] parameters) =>
        ScalarCoreAsync<T>(connection, null, sql, parameters);

    private static async Task<T?> ScalarCoreAsync<T>(DbConnection connection, DbTransaction? tx, string sql, (string Name, object? Value)[] parameters)
    {
        var command = Rent(connection, tx, sql, parameters);
        object? value;
        try
        {
            value = await command.ExecuteScalarAsync();
        }
        finally
        {
            await ReturnAsync(connection, command);
        }
        if (value is null or DBNull)
            return default;
        return (T)Convert.ChangeType(value, Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    public static Task<List<T>> QueryAsync<T>(this DbTransaction tx, string sql, Func<DbDataReader, T> map, params (string Name, object? Value)[] parameters) =>
        QueryCoreAsync(tx.Connection!, tx, sql, map, parameters);

    public static Task<List<T>> QueryAsync<T>(this DbConnection connection, string sql, Func<DbDataReader, T> map, params (string Name, object? Value)[] parameters) =>
        QueryCoreAsync(connection, null, sql, map, parameters);

    private static async Task<List<T>> QueryCoreAsync<T>(DbConnection connection, DbTransaction? tx, string sql, Func<DbDataReader, T> map, (string Name, object? Value)[] parameters)
    {
        var command = Rent(connection, tx, sql, parameters);
        try
        {
            await using var reader = await command.ExecuteReaderAsync();
            var rows = new List<T>();
            while (await reader.ReadAsync())
                rows.Add(map(reader));
            return rows;
        }
        finally
        {
            await ReturnAsync(connection, command);
        }
    }

    /// <summary>
    /// <see cref="SqlDialect.RowLockClause"/> for code that holds only the transaction (the static
    /// unit lifecycle): the engine is known from the connection type.
    /// </summary>
    public static string RowLock(this DbTransaction tx) => tx.Connection is Npgsql.NpgsqlConnection ? "FOR UPDATE" : "";

    public static string? NullableString(this DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    public static long? NullableInt64(this DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetInt64(i);

    public static double? NullableDouble(this DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetDouble(i);

    /// <summary>Expands <c>IN</c> lists: returns "@p0,@p1,…" and adds the parameters.</summary>
    public static string InList(string prefix, IReadOnlyList<object> values, List<(string, object?)> parameters)
    {
        var names = new string[values.Count];
        for (var i = 0; i < values.Count; i++)
        {
            names[i] = $"@{prefix}{i}";
            parameters.Add((names[i], values[i]));
        }
        return string.Join(',', names);
    }
}
