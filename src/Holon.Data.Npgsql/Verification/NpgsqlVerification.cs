using Holon.Data.Npgsql;
using Holon.Verification;
using Npgsql;

namespace Holon.Data;

/// <summary>Checks PostgreSQL statements (typically <c>HolonCatalog.All</c>) against a live server's schema.</summary>
public static class NpgsqlVerification
{
    private const string Verifier = "NpgsqlDataSource.Verify";

    /// <summary>
    /// Prepares each PostgreSQL statement on the server (Parse and Describe, never executed, inside a read-only
    /// transaction that is rolled back) and checks its result as SQLite's <see cref="SqlitePool.Verify"/> does, with
    /// the same finding ids: the server accepts it (HOLON200, its message and SQLSTATE); every member that must be set
    /// has a column (HOLON201); every column has a member (HOLON202); no column straight from a table column that admits
    /// NULL goes into a non-nullable member (HOLON203; expressions and view columns are not judged); the column's type
    /// can be read into the member (HOLON204); no member matches two columns (HOLON207). Statements of another
    /// <see cref="StatementDefinition.Backend"/> (SQLite's, which <c>HolonCatalog.All</c> lists too) are skipped and not
    /// counted. A multi-host source checks on its primary (the schema a migration changes first).
    /// </summary>
    /// <param name="dataSource">The data source whose schema the statements run against (its search path applies).</param>
    /// <param name="statements">Typically <c>HolonCatalog.All</c>, or one type's <c>HolonStatements</c>.</param>
    /// <param name="cancellationToken">Cancels the checks.</param>
    /// <returns>Every finding; call <see cref="SchemaVerification.ThrowIfInvalid"/> in a test.</returns>
    public static SchemaVerification Verify(this NpgsqlDataSource dataSource, IEnumerable<StatementDefinition> statements,
        CancellationToken cancellationToken = default) =>
        RunAsync(dataSource, statements, async: false, cancellationToken).GetAwaiter().GetResult();

    /// <summary>The asynchronous form of <see cref="Verify"/>.</summary>
    /// <param name="dataSource">The data source whose schema the statements run against (its search path applies).</param>
    /// <param name="statements">Typically <c>HolonCatalog.All</c>, or one type's <c>HolonStatements</c>.</param>
    /// <param name="cancellationToken">Cancels the checks.</param>
    /// <returns>Every finding; call <see cref="SchemaVerification.ThrowIfInvalid"/> in a test.</returns>
    public static ValueTask<SchemaVerification> VerifyAsync(this NpgsqlDataSource dataSource, IEnumerable<StatementDefinition> statements,
        CancellationToken cancellationToken = default) =>
        RunAsync(dataSource, statements, async: true, cancellationToken);

    // One body for both forms: with async false every call below completes synchronously.
    private static async ValueTask<SchemaVerification> RunAsync(NpgsqlDataSource dataSource, IEnumerable<StatementDefinition> statements,
        bool async, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(statements);
        var findings = new List<SchemaFinding>();
        int count = 0, index = 0;
        var primary = NpgsqlRoute.Command(dataSource);
        await using var connection = async ? await primary.OpenConnectionAsync(ct).ConfigureAwait(false) : primary.OpenConnection();
        // Read only and rolled back: Describe runs nothing, and the metadata queries only read; a second guard all the same.
        await using var transaction = async
            ? await connection.BeginTransactionAsync(System.Data.IsolationLevel.ReadCommitted, ct).ConfigureAwait(false)
            : connection.BeginTransaction(System.Data.IsolationLevel.ReadCommitted);
        await using (var readOnly = new NpgsqlCommand("SET TRANSACTION READ ONLY", connection))
        {
            if (async) await readOnly.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            else readOnly.ExecuteNonQuery();
        }
        foreach (var statement in statements)
        {
            if (statement is null) throw new ArgumentException($"{Verifier}: statement {index} is null.", nameof(statements));
            index++;
            if (statement.Backend != StatementBackend.PostgreSql) continue;
            count++;
            ct.ThrowIfCancellationRequested();
            var (byName, members) = Members(statement);
            foreach (var f in await PgStatementChecker.CheckAsync(connection, statement, byName, members, async, ct).ConfigureAwait(false))
                findings.Add(new SchemaFinding(statement.Origin, f.Id, FindingMessages.Of(f, "PostgreSQL")));
        }
        if (async) await transaction.RollbackAsync(ct).ConfigureAwait(false);
        else transaction.Rollback();
        return new SchemaVerification(findings, count, Verifier);
    }

    private static (bool ByName, List<MemberSpec> Members) Members(StatementDefinition statement)
    {
        if (statement.ResultShape is { } shape)
        {
            bool byName = shape.Count > 0 && shape[0].Name.Length > 0;
            return (byName, shape.Select(m => new MemberSpec(m.Name, m.TypeName, m.Kind, m.IsNullable, m.IsRequired)).ToList());
        }

        // Names only: nullability, types and requiredness are unknown, so only unmatched columns are reported.
        return (true, statement.ResultMembers.Select(n => new MemberSpec(n, "?", "Unknown", IsNullable: true, IsRequired: false)).ToList());
    }
}
