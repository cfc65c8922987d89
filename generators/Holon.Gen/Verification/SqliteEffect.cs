using System.Linq;
using System.Threading;
using Holon.Gen.Migrations;
using Microsoft.CodeAnalysis.Diagnostics;
using SQLitePCL;

namespace Holon.Gen.Verification;

/// <summary>What SQLite itself says a statement does, when a schema is at hand.</summary>
internal enum SqliteVerdict
{
    /// <summary>No schema (no migrations, a migration fails, or the native SQLite did not load): the text heuristics decide.</summary>
    NoSchema,

    /// <summary>SQLite rejects the statement (HOLON200 says why); no read/write rule applies on top.</summary>
    Rejected,

    /// <summary>The statement changes the database (<c>sqlite3_stmt_readonly</c> is false).</summary>
    Writes,

    /// <summary>The statement changes nothing and returns rows.</summary>
    Reads,

    /// <summary>The statement changes nothing and returns nothing (BEGIN, SAVEPOINT, …): no rule applies.</summary>
    Neither,

    /// <summary>
    /// A PRAGMA or EXPLAIN: SQLite's read-only flag is conservative there (<c>PRAGMA journal_mode</c> and
    /// <c>PRAGMA wal_checkpoint</c> are flagged as writes, yet a query-only reader runs them), so the heuristics decide.
    /// </summary>
    Heuristic,
}

/// <summary>
/// The schema as an analyzer sees it (AdditionalFiles and the same MSBuild properties as the generator), and
/// SQLite's verdict on one statement against it. The schema is built once per hash in <see cref="SchemaCache"/>,
/// shared with the generator's verification.
/// </summary>
internal sealed class SqliteEffect
{
    private readonly SchemaInput _schema;

    private SqliteEffect(SchemaInput schema) => _schema = schema;

    /// <summary>The usable schema of this compilation, or null when the text heuristics must decide.</summary>
    public static SqliteEffect? For(AnalyzerOptions options, Microsoft.CodeAnalysis.Compilation compilation, CancellationToken cancellationToken)
    {
        var global = options.AnalyzerConfigOptionsProvider.GlobalOptions;
        if (!VerificationPipeline.IsEnabled(global)) return null;
        string? native = global.TryGetValue(VerificationPipeline.NativeDirectoryProperty, out var v) && !string.IsNullOrWhiteSpace(v) ? v : null;
        var settings = MigrationSettings.From(global);
        var files = options.AdditionalFiles
            .Where(f => f.Path.EndsWith(".sql", System.StringComparison.OrdinalIgnoreCase))
            .Select(f => MigrationFileParser.Parse(f, settings, cancellationToken));
        var schema = SchemaInput.From(MigrationFileParser.Build(files, settings).Migrations, native, SqlFunctions.Read(compilation, cancellationToken).Functions);
        if (schema.Files.Count == 0 || NativeSqlite.EnsureLoaded(native) is not null) return null;
        return SchemaCache.Use(schema, entry => entry.Db is not null) ? new SqliteEffect(schema) : null;
    }

    /// <summary>SQLite's verdict on <paramref name="sql"/> against this schema.</summary>
    public SqliteVerdict Of(string sql) => SchemaCache.Use(_schema, entry => entry.Db is null ? SqliteVerdict.NoSchema : Of(entry.Db, sql));

    private static SqliteVerdict Of(sqlite3 db, string sql)
    {
        int rc = raw.sqlite3_prepare_v2(db, sql, out sqlite3_stmt stmt, out string _);
        using (stmt)
        {
            if (rc != raw.SQLITE_OK || stmt is null || stmt.IsInvalid) return SqliteVerdict.Rejected;
            string verb = FirstWord(sql);
            if (verb is "PRAGMA" or "EXPLAIN") return SqliteVerdict.Heuristic;
            if (raw.sqlite3_stmt_readonly(stmt) == 0) return SqliteVerdict.Writes;
            return raw.sqlite3_column_count(stmt) > 0 ? SqliteVerdict.Reads : SqliteVerdict.Neither;
        }
    }

    /// <summary>The first keyword, upper case, after leading whitespace and comments.</summary>
    private static string FirstWord(string sql)
    {
        var tokens = Sql.SqlScanner.Scan(sql);
        return tokens.Count > 0 && tokens[0].Kind == Sql.SqlTokenKind.Word ? tokens[0].Text.ToUpperInvariant() : "";
    }
}
