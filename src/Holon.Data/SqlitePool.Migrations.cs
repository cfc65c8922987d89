using Holon.Data.Internal;
using Holon.Data.Migrations;

namespace Holon.Data;

// Migrations. The rest of the pool calls in at two points: the constructor creates _startupMigrations when
// SqlitePoolOptions.Migrations is set, and RentSync/RentAsync check it (one volatile read; null once applied).
public sealed partial class SqlitePool
{
    // The migration that runs on this thread right now (its own writer rent must not wait for itself).
    [ThreadStatic]
    private static SqlitePool? t_migrating;

    private volatile StartupMigrations? _startupMigrations;

    /// <summary>
    /// Brings the database to the latest of <paramref name="migrations"/>: each pending one runs in its own
    /// <c>BEGIN IMMEDIATE</c> transaction on the writer together with its <c>holon_migrations</c> row and
    /// <c>PRAGMA user_version</c>, with foreign keys off and <c>PRAGMA foreign_key_check</c> before commit.
    /// Every applied migration's checksum is compared with the database's record.
    /// </summary>
    /// <exception cref="MigrationException">A migration failed (rolled back; the database stays at the previous version),
    /// or was refused: an applied migration changed, the database is newer than the app, the versions have a gap, or a
    /// migration contains transaction control (BEGIN, COMMIT, END, ROLLBACK, SAVEPOINT, RELEASE), VACUUM or PRAGMA
    /// journal_mode. What the message says about the database's version after a failure is read from the database.</exception>
    public MigrationResult Migrate(IReadOnlyList<Migration> migrations, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(migrations);
        using var lease = RentWriter(ct);
        return new MigrationRunner(lease.Live, _logger, Options.ForeignKeys).Run(migrations, ct);
    }

    /// <summary>
    /// <see cref="Migrate"/> with an asynchronous wait for the writer; the migrations themselves run synchronously on
    /// the writer once it is granted (SQLite has no asynchronous API).
    /// </summary>
    public async ValueTask<MigrationResult> MigrateAsync(IReadOnlyList<Migration> migrations, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(migrations);
        using var lease = await RentWriterAsync(ct).ConfigureAwait(false);
        return new MigrationRunner(lease.Live, _logger, Options.ForeignKeys).Run(migrations, ct);
    }

    /// <summary>Called from the constructor.</summary>
    private void InitializeMigrations()
    {
        if (Options.Migrations is { } list) _startupMigrations = new StartupMigrations(this, [.. list]);
    }

    /// <summary>Sync rents: applies the startup migrations first (or rethrows their failure).</summary>
    private void EnsureMigrated(CancellationToken cancellationToken)
    {
        if (_startupMigrations is { } startup && !ReferenceEquals(t_migrating, this)) startup.Ensure(cancellationToken);
    }

    /// <summary>Async rents while the startup migrations are pending.</summary>
    private async ValueTask<ConnectionLease> RentAfterMigrationAsync(LeaseGate gate, CancellationToken cancellationToken)
    {
        if (_startupMigrations is { } startup) await startup.EnsureAsync(cancellationToken).ConfigureAwait(false);
        return await RentAsync(gate, cancellationToken).ConfigureAwait(false);
    }

    private sealed class StartupMigrations(SqlitePool pool, Migration[] migrations)
    {
        private readonly SemaphoreSlim _lock = new(1, 1);
        private MigrationException? _failure;

        public void Ensure(CancellationToken cancellationToken)
        {
            _lock.Wait(cancellationToken);
            try
            {
                RunOnce(cancellationToken);
            }
            finally
            {
                _lock.Release();
            }
        }

        public async ValueTask EnsureAsync(CancellationToken cancellationToken)
        {
            await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                RunOnce(cancellationToken);
            }
            finally
            {
                _lock.Release();
            }
        }

        private void RunOnce(CancellationToken cancellationToken)
        {
            if (_failure is not null) throw _failure;
            if (pool._startupMigrations is null) return;
            var previous = t_migrating;
            t_migrating = pool;
            try
            {
                using var lease = pool.RentWriter(cancellationToken);
                new MigrationRunner(lease.Live, pool._logger, pool.Options.ForeignKeys).Run(migrations, cancellationToken);
            }
            catch (MigrationException e)
            {
                // Sticky: nothing may run against a schema the app does not expect.
                _failure = e;
                throw;
            }
            finally
            {
                t_migrating = previous;
            }

            pool._startupMigrations = null;
        }
    }
}
