using Npgsql;

namespace Holon.Data.Npgsql;

/// <summary>
/// One connection that generated PostgreSQL code runs its statements on: opened from a data source for one call
/// (disposing it returns the connection to Npgsql's pool), or the caller's own connection, which it never closes.
/// The counterpart of <see cref="ConnectionLease"/>; a struct, so wrapping a connection allocates nothing.
/// </summary>
public readonly struct NpgsqlLease : IDisposable, IAsyncDisposable
{
    private readonly bool _owned;

    /// <summary>Wraps the caller's open connection; <see cref="Dispose"/> leaves it open.</summary>
    /// <param name="connection">An open connection, possibly inside the caller's transaction.</param>
    public NpgsqlLease(NpgsqlConnection connection)
        : this(connection ?? throw new ArgumentNullException(nameof(connection)), owned: false)
    {
    }

    private NpgsqlLease(NpgsqlConnection connection, bool owned)
    {
        Connection = connection;
        _owned = owned;
    }

    /// <summary>The connection the statements run on.</summary>
    public NpgsqlConnection Connection { get; }

    /// <summary>True when the lease opened the connection itself: no transaction of the caller's can be open on it.</summary>
    public bool IsOwned => _owned;

    /// <summary>Opens a connection for a <c>[Query]</c>: on a standby when the source has one (<see cref="NpgsqlRoute.Query"/>).</summary>
    /// <param name="source">The class's data source.</param>
    /// <param name="cancellationToken">Checked before opening (Npgsql's synchronous open takes no token).</param>
    public static NpgsqlLease ForQuery(NpgsqlDataSource source, CancellationToken cancellationToken = default) =>
        Open(NpgsqlRoute.Query(source), cancellationToken);

    /// <summary>Opens a connection for a <c>[Query]</c>: on a standby when the source has one (<see cref="NpgsqlRoute.Query"/>).</summary>
    /// <param name="source">The class's data source.</param>
    /// <param name="cancellationToken">Cancels the wait for a connection.</param>
    public static ValueTask<NpgsqlLease> ForQueryAsync(NpgsqlDataSource source, CancellationToken cancellationToken = default) =>
        OpenAsync(NpgsqlRoute.Query(source), cancellationToken);

    /// <summary>Opens a connection for a <c>[Query(ReadFromPrimary = true)]</c>: always on the primary.</summary>
    /// <param name="source">The class's data source.</param>
    /// <param name="cancellationToken">Checked before opening (Npgsql's synchronous open takes no token).</param>
    public static NpgsqlLease ForPrimaryQuery(NpgsqlDataSource source, CancellationToken cancellationToken = default) =>
        Open(NpgsqlRoute.Query(source, readFromPrimary: true), cancellationToken);

    /// <summary>Opens a connection for a <c>[Query(ReadFromPrimary = true)]</c>: always on the primary.</summary>
    /// <param name="source">The class's data source.</param>
    /// <param name="cancellationToken">Cancels the wait for a connection.</param>
    public static ValueTask<NpgsqlLease> ForPrimaryQueryAsync(NpgsqlDataSource source, CancellationToken cancellationToken = default) =>
        OpenAsync(NpgsqlRoute.Query(source, readFromPrimary: true), cancellationToken);

    /// <summary>Opens a connection for a <c>[Command]</c>: always on the primary.</summary>
    /// <param name="source">The class's data source.</param>
    /// <param name="cancellationToken">Checked before opening (Npgsql's synchronous open takes no token).</param>
    public static NpgsqlLease ForCommand(NpgsqlDataSource source, CancellationToken cancellationToken = default) =>
        Open(NpgsqlRoute.Command(source), cancellationToken);

    /// <summary>Opens a connection for a <c>[Command]</c>: always on the primary.</summary>
    /// <param name="source">The class's data source.</param>
    /// <param name="cancellationToken">Cancels the wait for a connection.</param>
    public static ValueTask<NpgsqlLease> ForCommandAsync(NpgsqlDataSource source, CancellationToken cancellationToken = default) =>
        OpenAsync(NpgsqlRoute.Command(source), cancellationToken);

    private static NpgsqlLease Open(NpgsqlDataSource source, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return new NpgsqlLease(source.OpenConnection(), owned: true);
    }

    private static async ValueTask<NpgsqlLease> OpenAsync(NpgsqlDataSource source, CancellationToken cancellationToken) =>
        new(await source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false), owned: true);

    /// <summary>A statement of <paramref name="definition"/> for one use by <paramref name="origin"/>.</summary>
    /// <param name="definition">The generated definition (SQL with <c>$1, $2 …</c>, parameter names, result members).</param>
    /// <param name="origin">The calling method, quoted in every error.</param>
    /// <param name="cancellationToken">Cancels the statement on the server.</param>
    public NpgsqlStatement Statement(StatementDefinition definition, string origin, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(definition);
        cancellationToken.ThrowIfCancellationRequested();
        return new NpgsqlStatement(Connection, definition, origin, cancellationToken);
    }

    /// <summary>Closes a connection the lease opened (back to Npgsql's pool); leaves the caller's open.</summary>
    public void Dispose()
    {
        if (_owned) Connection.Dispose();
    }

    /// <summary>Closes a connection the lease opened (back to Npgsql's pool); leaves the caller's open.</summary>
    public ValueTask DisposeAsync() => _owned ? Connection.DisposeAsync() : default;
}
