using Holon.Data.Npgsql;
using Holon.Data.Npgsql.Migrations;
using Npgsql;

namespace Holon.Data;

/// <summary>
/// Schema migrations on PostgreSQL, with the same <see cref="Migration"/> list and guarantees as
/// <see cref="SqlitePool.Migrate"/>. Always on the primary (for an <see cref="NpgsqlMultiHostDataSource"/>, its
/// primary). The version is the highest <c>holon_migrations.version</c> in the schema the search path creates in.
/// </summary>
public static class NpgsqlMigrations
{
    /// <summary>
    /// Brings the database to the latest of <paramref name="migrations"/>: each pending one runs in its own
    /// transaction together with its <c>holon_migrations</c> row (version, name, checksum, applied_at), after taking
    /// <c>pg_advisory_xact_lock</c>, so processes starting at once apply each version exactly once. Every applied
    /// migration's checksum is compared with the database's record. Statements run one at a time, so an error names
    /// the line it is on.
    /// </summary>
    /// <param name="dataSource">The data source; a multi-host source migrates its primary.</param>
    /// <param name="migrations">All of the app's migrations (for example built with <c>new Migration(...)</c>).</param>
    /// <param name="cancellationToken">Checked between migrations and statements; cancels a running statement.</param>
    /// <exception cref="MigrationException">A migration failed (rolled back; the message says the version the database
    /// is at, read after the rollback, and <see cref="Exception.InnerException"/> is the <see cref="PostgresException"/>),
    /// or was refused before anything ran: duplicate or missing versions, transaction control (BEGIN, COMMIT, ROLLBACK,
    /// SAVEPOINT, …) in a migration, a database newer than the list, an applied migration whose text changed.</exception>
    public static MigrationResult Migrate(this NpgsqlDataSource dataSource, IReadOnlyList<Migration> migrations,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(migrations);
        // async: false runs every call synchronously, so the task is complete when RunAsync returns.
        return new NpgsqlMigrationRunner(NpgsqlRoute.Command(dataSource), async: false)
            .RunAsync(migrations, cancellationToken).GetAwaiter().GetResult();
    }

    /// <summary>The asynchronous form of <see cref="Migrate"/>; same guarantees.</summary>
    /// <inheritdoc cref="Migrate" path="/param"/>
    /// <inheritdoc cref="Migrate" path="/exception"/>
    public static async ValueTask<MigrationResult> MigrateAsync(this NpgsqlDataSource dataSource, IReadOnlyList<Migration> migrations,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(migrations);
        return await new NpgsqlMigrationRunner(NpgsqlRoute.Command(dataSource), async: true)
            .RunAsync(migrations, cancellationToken).ConfigureAwait(false);
    }
}
