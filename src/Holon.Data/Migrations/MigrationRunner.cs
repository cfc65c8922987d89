using System.Diagnostics;
using System.Globalization;
using Holon.Data.Internal;
using Microsoft.Extensions.Logging;
using SQLitePCL;

namespace Holon.Data.Migrations;

/// <summary>
/// Applies migrations on the writer's handle. Each migration is its own <c>BEGIN IMMEDIATE</c> transaction that
/// re-reads <c>user_version</c> first, so pools and processes migrating the same file at once each apply a version
/// exactly once (the others find it applied and move on).
/// </summary>
internal sealed class MigrationRunner(PhysicalConnection writer, ILogger logger, bool foreignKeys)
{
    private const string CreateTable =
        "CREATE TABLE IF NOT EXISTS holon_migrations(version INTEGER PRIMARY KEY, name TEXT NOT NULL, " +
        "checksum TEXT NOT NULL, applied_at TEXT NOT NULL)";

    private readonly sqlite3 _db = writer.Db;

    /// <param name="migrations">What the app supplies.</param>
    /// <param name="cancellationToken">Checked between migrations and between statements.</param>
    public MigrationResult Run(IReadOnlyList<Migration> migrations, CancellationToken cancellationToken)
    {
        var sorted = MigrationPlan.Validate(migrations);
        int current = ReadUserVersion();
        int latest = sorted.Length == 0 ? 0 : sorted[^1].Version;
        // Also when the database is current (the pool's first rent): an applied migration edited afterwards is refused
        // on every path. Costs one read of holon_migrations.
        AppliedMigrations.Check(sorted, current, ReadAppliedRows);
        if (current == latest) return new MigrationResult(current, current, []);
        foreach (var m in sorted)
        {
            if (m.Version > current) MigrationPlan.RejectUnsupported(m);
        }

        var applied = new List<int>();
        foreach (var m in sorted)
        {
            if (m.Version <= current) continue;
            cancellationToken.ThrowIfCancellationRequested();
            if (Apply(m, cancellationToken)) applied.Add(m.Version);
        }

        return new MigrationResult(current, ReadUserVersion(), applied);
    }

    /// <summary>Applies one migration; false when another pool or process applied it first.</summary>
    private bool Apply(Migration m, CancellationToken cancellationToken)
    {
        long start = Stopwatch.GetTimestamp();
        // The connection sees the boundary (publishes an earlier commit) and restores its PRAGMA baseline on return.
        writer.StatementStarting(changesConnectionState: true, mayBeginTransaction: true);
        try
        {
            // foreign_keys is a no-op inside a transaction: switch it off before BEGIN (SQLite's table-rebuild procedure).
            if (foreignKeys) Exec("PRAGMA foreign_keys=OFF");
            if (!ApplyInTransaction(m, cancellationToken)) return false;
        }
        catch (StepFailure failure)
        {
            // The transaction is over (committed or rolled back) here; what the message says about it is read, not assumed.
            throw failure.ToException(m, MigrationState.Describe(this, m));
        }
        finally
        {
            if (foreignKeys) raw.sqlite3_exec(_db, "PRAGMA foreign_keys=ON");
        }

        writer.Committed(); // publish the schema change to watches now
        MigrationLog.Applied(logger, m.Version, m.Name, Stopwatch.GetElapsedTime(start).TotalMilliseconds, null);
        return true;
    }

    /// <summary>One <c>BEGIN IMMEDIATE</c> … <c>COMMIT</c>; anything that throws inside is rolled back before it leaves.</summary>
    private bool ApplyInTransaction(Migration m, CancellationToken cancellationToken)
    {
        Exec("BEGIN IMMEDIATE");
        bool done = false;
        try
        {
            int version = ReadUserVersion();
            if (version >= m.Version)
            {
                // Someone else applied it between our first read and this transaction: check it is the same text.
                if (ReadAppliedRows().TryGetValue(m.Version, out var checksum)) AppliedMigrations.CheckUnchanged(m, checksum);
                return false;
            }

            if (version != m.Version - 1)
            {
                throw new MigrationException(m.Version, m.Name,
                    $"Migrate: migration {m.Version} '{m.Name}' expects the database at version {m.Version - 1}, but it is at {version}.");
            }

            Exec(CreateTable);
            RunScript(m, cancellationToken);
            InsertRow(m);
            Exec("PRAGMA user_version=" + m.Version.ToString(CultureInfo.InvariantCulture));
            if (foreignKeys) CheckForeignKeys();
            Exec("COMMIT");
            done = true;
            return true;
        }
        finally
        {
            if (!done && raw.sqlite3_get_autocommit(_db) == 0) raw.sqlite3_exec(_db, "ROLLBACK");
        }
    }

    /// <summary>Runs the migration's statements one by one, so an error can name the line its statement starts on.</summary>
    private void RunScript(Migration m, CancellationToken cancellationToken)
    {
        string sql = m.Sql;
        int offset = 0;
        while (true)
        {
            offset = SqlTrivia.Skip(sql, offset, semicolons: true);
            if (offset >= sql.Length) return;
            cancellationToken.ThrowIfCancellationRequested();
            string rest = sql[offset..];
            int rc = raw.sqlite3_prepare_v2(_db, rest, out var stmt, out string tail);
            using (stmt)
            {
                if (rc != raw.SQLITE_OK) throw StatementFailed(rc, sql, offset);
                if (stmt is not null && !stmt.IsInvalid)
                {
                    while ((rc = raw.sqlite3_step(stmt)) == raw.SQLITE_ROW)
                    {
                        // Rows a migration's SELECT returns are ignored.
                    }

                    if (rc != raw.SQLITE_DONE) throw StatementFailed(rc, sql, offset);
                }
            }

            int consumed = rest.Length - (tail?.Length ?? 0);
            if (consumed <= 0) return;
            offset += consumed;
        }
    }

    private StepFailure StatementFailed(int rc, string sql, int offset)
    {
        string message = raw.sqlite3_errmsg(_db).utf8_to_string();
        int line = MigrationPlan.LineAt(sql, offset);
        return new StepFailure($"failed at line {line}: {message}", message, line, rc, raw.sqlite3_extended_errcode(_db));
    }

    private void InsertRow(Migration m)
    {
        const string Sql = "INSERT INTO holon_migrations(version, name, checksum, applied_at) VALUES (?1, ?2, ?3, ?4)";
        Check(raw.sqlite3_prepare_v2(_db, Sql, out var stmt), Sql);
        using (stmt)
        {
            raw.sqlite3_bind_int(stmt, 1, m.Version);
            raw.sqlite3_bind_text(stmt, 2, m.Name);
            raw.sqlite3_bind_text(stmt, 3, m.Checksum);
            raw.sqlite3_bind_text(stmt, 4, DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            int rc = raw.sqlite3_step(stmt);
            if (rc != raw.SQLITE_DONE) Check(rc, Sql);
        }
    }

    private void CheckForeignKeys()
    {
        const string Sql = "PRAGMA foreign_key_check";
        Check(raw.sqlite3_prepare_v2(_db, Sql, out var stmt), Sql);
        using (stmt)
        {
            int rc = raw.sqlite3_step(stmt);
            if (rc == raw.SQLITE_DONE) return;
            if (rc != raw.SQLITE_ROW) Check(rc, Sql);
            string table = raw.sqlite3_column_text(stmt, 0).utf8_to_string();
            long rowid = raw.sqlite3_column_int64(stmt, 1);
            string parent = raw.sqlite3_column_text(stmt, 2).utf8_to_string();
            string message = $"FOREIGN KEY constraint failed: row {rowid} of {table} references a missing row of {parent}";
            throw new StepFailure($"leaves a foreign-key violation (PRAGMA foreign_key_check): {message}", message, 0, 0, 0);
        }
    }

    /// <summary><c>PRAGMA user_version</c>; a failure carries the code of the call that failed (prepare or step).</summary>
    internal int ReadUserVersion()
    {
        const string Sql = "PRAGMA user_version";
        int rc = raw.sqlite3_prepare_v2(_db, Sql, out var stmt);
        using (stmt)
        {
            if (rc == raw.SQLITE_OK)
            {
                rc = raw.sqlite3_step(stmt);
                if (rc == raw.SQLITE_ROW) return raw.sqlite3_column_int(stmt, 0);
            }

            throw Errors.Sqlite(rc, raw.sqlite3_extended_errcode(_db), raw.sqlite3_errmsg(_db).utf8_to_string(), "Migrate", Sql);
        }
    }

    internal Dictionary<int, string> ReadAppliedRows()
    {
        var rows = new Dictionary<int, string>();
        const string Sql = "SELECT version, checksum FROM holon_migrations";
        int rc = raw.sqlite3_prepare_v2(_db, Sql, out var stmt);
        using (stmt)
        {
            if (rc != raw.SQLITE_OK)
            {
                string message = raw.sqlite3_errmsg(_db).utf8_to_string();
                // A database without the table has no rows; any other failure is one.
                if (message.StartsWith("no such table", StringComparison.Ordinal)) return rows;
                throw Errors.Sqlite(rc, raw.sqlite3_extended_errcode(_db), message, "Migrate", Sql);
            }

            while ((rc = raw.sqlite3_step(stmt)) == raw.SQLITE_ROW)
                rows[raw.sqlite3_column_int(stmt, 0)] = raw.sqlite3_column_text(stmt, 1).utf8_to_string();
            if (rc != raw.SQLITE_DONE)
                throw Errors.Sqlite(rc, raw.sqlite3_extended_errcode(_db), raw.sqlite3_errmsg(_db).utf8_to_string(), "Migrate", Sql);
        }

        return rows;
    }

    /// <summary>True when the writer has no open transaction.</summary>
    internal bool InAutocommit => raw.sqlite3_get_autocommit(_db) != 0;

    private void Exec(string sql) => Check(raw.sqlite3_exec(_db, sql, null, null, out string? _), sql);

    private void Check(int rc, string sql)
    {
        if (rc == raw.SQLITE_OK) return;
        string message = raw.sqlite3_errmsg(_db).utf8_to_string();
        throw new StepFailure($"failed in '{sql}': {message}", message, 0, rc, raw.sqlite3_extended_errcode(_db));
    }
}

internal static class MigrationLog
{
    public static readonly Action<ILogger, int, string, double, Exception?> Applied =
        LoggerMessage.Define<int, string, double>(LogLevel.Information, new EventId(20, "MigrationApplied"),
            "Applied migration {Version} '{Name}' in {ElapsedMs} ms");
}
