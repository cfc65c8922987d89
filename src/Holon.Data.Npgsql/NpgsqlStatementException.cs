using System.Data.Common;
using Npgsql;

namespace Holon.Data.Npgsql;

/// <summary>
/// A failure of a generated PostgreSQL method, naming the method and the SQL. The Npgsql exception is the
/// <see cref="Exception.InnerException"/> (a <see cref="PostgresException"/> when the server reported the error),
/// and <see cref="SqlState"/> and <see cref="IsTransient"/> are its own, so
/// <c>catch (DbException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)</c> keeps working.
/// Cancellation is not wrapped: it stays an <see cref="OperationCanceledException"/>.
/// </summary>
public sealed class NpgsqlStatementException : DbException
{
    /// <summary>Wraps <paramref name="inner"/>.</summary>
    /// <param name="method">The generated method, as <c>Type.Method</c>.</param>
    /// <param name="sql">The SQL it ran.</param>
    /// <param name="inner">What Npgsql threw.</param>
    public NpgsqlStatementException(string method, string sql, NpgsqlException inner)
        : base($"{method} failed: {inner.Message} SQL: {sql}", inner)
    {
        Method = method;
        Sql = sql;
    }

    /// <summary>The generated method that failed, as <c>Type.Method</c>.</summary>
    public string Method { get; }

    /// <summary>The SQL it ran (with positional <c>$n</c> parameters).</summary>
    public string Sql { get; }

    /// <summary>The server's error, or null when the failure was on the client side (I/O, timeout).</summary>
    public PostgresException? PostgresException => InnerException as PostgresException;

    /// <summary>The PostgreSQL error code (<see cref="PostgresErrorCodes"/>) of the inner exception, or null.</summary>
    public override string? SqlState => ((NpgsqlException)InnerException!).SqlState;

    /// <summary>Whether retrying may succeed, as the inner exception says.</summary>
    public override bool IsTransient => ((NpgsqlException)InnerException!).IsTransient;

    /// <summary>The wrapper generated code throws from its <c>catch (NpgsqlException e)</c>.</summary>
    /// <param name="inner">What Npgsql threw.</param>
    /// <param name="method">The generated method, as <c>Type.Method</c>.</param>
    /// <param name="sql">The SQL it ran.</param>
    public static NpgsqlStatementException Wrap(NpgsqlException inner, string method, string sql) => new(method, sql, inner);
}
