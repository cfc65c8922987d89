using Npgsql;

namespace Holon.Data.Npgsql;

/// <summary>
/// The scope a single-row <c>RETURNING</c> command runs in: a transaction on a connection the call opened, a
/// <c>SAVEPOINT</c> inside the caller's transaction. <see cref="Commit"/> keeps the changes; disposing without it
/// rolls back everything the statement did, and leaves the caller's transaction open and usable.
/// </summary>
public sealed class NpgsqlSavepoint : IDisposable, IAsyncDisposable
{
    private const string Name = "holon_single_row";

    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlTransaction? _transaction;
    private bool _done;

    private NpgsqlSavepoint(NpgsqlConnection connection, NpgsqlTransaction? transaction)
    {
        _connection = connection;
        _transaction = transaction;
    }

    /// <summary>Opens the scope on <paramref name="lease"/>.</summary>
    public static NpgsqlSavepoint Begin(NpgsqlLease lease)
    {
        var connection = lease.Connection;
        if (TryBegin(lease) is { } transaction) return new NpgsqlSavepoint(connection, transaction);
        Run(connection, "SAVEPOINT " + Name);
        return new NpgsqlSavepoint(connection, null);
    }

    /// <summary>Opens the scope on <paramref name="lease"/>.</summary>
    public static async ValueTask<NpgsqlSavepoint> BeginAsync(NpgsqlLease lease, CancellationToken cancellationToken = default)
    {
        var connection = lease.Connection;
        if (TryBegin(lease) is { } transaction) return new NpgsqlSavepoint(connection, transaction);
        await RunAsync(connection, "SAVEPOINT " + Name, cancellationToken).ConfigureAwait(false);
        return new NpgsqlSavepoint(connection, null);
    }

    /// <summary>Keeps what the statement changed.</summary>
    public void Commit()
    {
        _done = true;
        if (_transaction is not null) _transaction.Commit();
        else Run(_connection, "RELEASE SAVEPOINT " + Name);
    }

    /// <summary>Keeps what the statement changed.</summary>
    public async ValueTask CommitAsync(CancellationToken cancellationToken = default)
    {
        _done = true;
        if (_transaction is not null) await _transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        else await RunAsync(_connection, "RELEASE SAVEPOINT " + Name, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Rolls back what the statement changed unless <see cref="Commit"/> ran.</summary>
    public void Dispose()
    {
        if (_transaction is not null)
        {
            _transaction.Dispose(); // rolls back when not committed
            return;
        }
        if (_done) return;
        _done = true;
        Run(_connection, RollBack);
    }

    /// <summary>Rolls back what the statement changed unless <see cref="CommitAsync"/> ran.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_transaction is not null)
        {
            await _transaction.DisposeAsync().ConfigureAwait(false);
            return;
        }
        if (_done) return;
        _done = true;
        await RunAsync(_connection, RollBack, CancellationToken.None).ConfigureAwait(false);
    }

    private const string RollBack = "ROLLBACK TO SAVEPOINT " + Name + "; RELEASE SAVEPOINT " + Name;

    // A connection the call opened has no transaction. On the caller's, Npgsql refuses a second BEGIN when its protocol
    // state says one is open (also one begun with plain SQL); that refusal is the only public test. Npgsql sends BEGIN
    // with the next command, so this costs no round trip.
    private static NpgsqlTransaction? TryBegin(NpgsqlLease lease)
    {
        if (lease.IsOwned) return lease.Connection.BeginTransaction();
        try
        {
            return lease.Connection.BeginTransaction();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private static void Run(NpgsqlConnection connection, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    private static async ValueTask RunAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
