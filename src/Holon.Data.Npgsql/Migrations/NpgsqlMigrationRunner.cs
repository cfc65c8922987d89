using System.Data;
using Holon.Data.Migrations;
using Npgsql;

namespace Holon.Data.Npgsql.Migrations;

/// <summary>
/// Applies migrations on the primary. Each migration is one READ COMMITTED transaction that first takes a
/// transaction-scoped advisory lock (one per schema), then re-reads <c>holon_migrations</c>: processes migrating the
/// same database at once queue on the lock, and the later ones find the version applied and only compare its checksum.
/// The version is the highest <c>holon_migrations.version</c> (PostgreSQL has no <c>user_version</c>).
/// </summary>
internal sealed class NpgsqlMigrationRunner(NpgsqlDataSource primary, bool async)
{
    private const string CreateTable =
        "CREATE TABLE IF NOT EXISTS holon_migrations(version integer PRIMARY KEY, name text NOT NULL, " +
        "checksum text NOT NULL, applied_at timestamptz NOT NULL)";

    // Two-key form: the first names the purpose, the second the schema the table lives in (the search path's first).
    private const string Lock =
        "SELECT pg_advisory_xact_lock(hashtext('holon_migrations'), hashtext(coalesce(current_schema(), '')))";

    private const string ReadRows = "SELECT version, checksum FROM holon_migrations";

    public async Task<MigrationResult> RunAsync(IReadOnlyList<Migration> migrations, CancellationToken ct)
    {
        var sorted = MigrationPlan.Validate(migrations);
        var scripts = new List<PgStatement>[sorted.Length];
        for (int i = 0; i < sorted.Length; i++)
        {
            scripts[i] = PgScript.Split(sorted[i].Sql);
            PgScript.RejectTransactionControl(sorted[i], scripts[i]);
        }

        var connection = async ? await primary.OpenConnectionAsync(ct).ConfigureAwait(false) : primary.OpenConnection();
        try
        {
            return await RunAsync(connection, sorted, scripts, ct).ConfigureAwait(false);
        }
        finally
        {
            // Each path disposes the way it runs, so the synchronous Migrate never waits on asynchronous I/O.
            if (async) await connection.DisposeAsync().ConfigureAwait(false);
            else connection.Dispose();
        }
    }

    private async Task<MigrationResult> RunAsync(NpgsqlConnection connection, Migration[] sorted, List<PgStatement>[] scripts, CancellationToken ct)
    {
        var rows = await ReadAppliedAsync(connection, null, ct).ConfigureAwait(false);
        int current = rows.Count == 0 ? 0 : rows.Keys.Max();
        NpgsqlMigrationChecks.CheckApplied(sorted, rows, current);

        var applied = new List<int>();
        for (int i = 0; i < sorted.Length; i++)
        {
            if (sorted[i].Version <= current) continue;
            ct.ThrowIfCancellationRequested();
            if (await ApplyAsync(connection, sorted[i], scripts[i], ct).ConfigureAwait(false)) applied.Add(sorted[i].Version);
        }

        int after = MaxVersion(await ReadAppliedAsync(connection, null, ct).ConfigureAwait(false));
        return new MigrationResult(current, after, applied);
    }

    /// <summary>Applies one migration; false when another process applied it first.</summary>
    private async Task<bool> ApplyAsync(NpgsqlConnection connection, Migration m, List<PgStatement> script, CancellationToken ct)
    {
        var tx = async
            ? await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, ct).ConfigureAwait(false)
            : connection.BeginTransaction(IsolationLevel.ReadCommitted);
        try
        {
            return await ApplyInAsync(connection, tx, m, script, ct).ConfigureAwait(false);
        }
        finally
        {
            // Rolls back unless committed.
            if (async) await tx.DisposeAsync().ConfigureAwait(false);
            else tx.Dispose();
        }
    }

    private async Task<bool> ApplyInAsync(NpgsqlConnection connection, NpgsqlTransaction tx, Migration m, List<PgStatement> script, CancellationToken ct)
    {
        await ExecuteAsync(connection, tx, Lock, ct).ConfigureAwait(false);
        await ExecuteAsync(connection, tx, CreateTable, ct).ConfigureAwait(false);
        var rows = await ReadAppliedAsync(connection, tx, ct).ConfigureAwait(false);
        int version = MaxVersion(rows);
        if (version >= m.Version)
        {
            // Someone else applied it while we waited for the lock: it must be the same text.
            if (rows.TryGetValue(m.Version, out var checksum)) NpgsqlMigrationChecks.CheckUnchanged(m, checksum);
            return false;
        }

        if (version != m.Version - 1)
        {
            throw new MigrationException(m.Version, m.Name,
                $"Migrate: migration {m.Version} '{m.Name}' expects the database at version {m.Version - 1}, but it is at {version}.");
        }

        foreach (var statement in script)
        {
            ct.ThrowIfCancellationRequested();
            try
            {
                await ExecuteStatementAsync(connection, tx, statement.Text, ct).ConfigureAwait(false);
            }
            catch (PostgresException e)
            {
                await RollbackAsync(tx).ConfigureAwait(false);
                throw await StatementFailedAsync(connection, m, statement, e, ct).ConfigureAwait(false);
            }
        }

        await InsertRowAsync(connection, tx, m, ct).ConfigureAwait(false);
        if (async) await tx.CommitAsync(ct).ConfigureAwait(false);
        else tx.Commit();
        return true;
    }

    private async Task<MigrationException> StatementFailedAsync(NpgsqlConnection connection, Migration m, PgStatement statement,
        PostgresException e, CancellationToken ct)
    {
        // The server's position (1-based, within the statement) gives the line; otherwise the line the statement starts on.
        int offset = statement.Offset + (e.Position > 0 ? Math.Min(e.Position - 1, statement.Text.Length) : 0);
        int line = MigrationPlan.LineAt(m.Sql, offset);
        // What is true after the rollback, read from the database rather than assumed.
        int now = MaxVersion(await ReadAppliedAsync(connection, null, ct).ConfigureAwait(false));
        return new MigrationException(m.Version, m.Name,
            $"Migrate: migration {m.Version} '{m.Name}' failed at line {line}: {e.MessageText} (SQLSTATE {e.SqlState}). " +
            $"It was rolled back; the database stays at version {now}.", null, line, e);
    }

    private async Task RollbackAsync(NpgsqlTransaction tx)
    {
        if (async) await tx.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
        else tx.Rollback();
    }

    private async Task InsertRowAsync(NpgsqlConnection connection, NpgsqlTransaction tx, Migration m, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(
            "INSERT INTO holon_migrations(version, name, checksum, applied_at) VALUES ($1, $2, $3, now())", connection, tx);
        cmd.Parameters.Add(new NpgsqlParameter<int> { TypedValue = m.Version });
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = m.Name });
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = m.Checksum });
        if (async) await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        else cmd.ExecuteNonQuery();
    }

    private async Task<Dictionary<int, string>> ReadAppliedAsync(NpgsqlConnection connection, NpgsqlTransaction? tx, CancellationToken ct)
    {
        var rows = new Dictionary<int, string>();
        await using var cmd = new NpgsqlCommand(ReadRows, connection, tx);
        try
        {
            var reader = async ? await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false) : cmd.ExecuteReader();
            try
            {
                while (async ? await reader.ReadAsync(ct).ConfigureAwait(false) : reader.Read())
                    rows[reader.GetInt32(0)] = reader.GetString(1);
            }
            finally
            {
                if (async) await reader.DisposeAsync().ConfigureAwait(false);
                else reader.Dispose();
            }
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable && tx is null)
        {
            // No holon_migrations in the search path yet: nothing is applied. (Inside a migration's transaction the
            // table was just created, so this cannot happen there, and an error would abort the transaction.)
        }

        return rows;
    }

    private async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string sql, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, connection, tx);
        if (async) await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        else cmd.ExecuteNonQuery();
    }

    /// <summary>
    /// One statement of the migration, sent as it is: a batch command is not split at semicolons by Npgsql (a command
    /// would be, which breaks <c>BEGIN ATOMIC … END</c> bodies); the splitting was done by <see cref="PgScript"/>.
    /// </summary>
    private async Task ExecuteStatementAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string sql, CancellationToken ct)
    {
        await using var batch = new NpgsqlBatch(connection, tx) { BatchCommands = { new NpgsqlBatchCommand(sql) } };
        if (async) await batch.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        else batch.ExecuteNonQuery();
    }

    private static int MaxVersion(Dictionary<int, string> rows) => rows.Count == 0 ? 0 : rows.Keys.Max();
}
