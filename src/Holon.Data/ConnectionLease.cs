using System.Runtime.CompilerServices;
using Holon.Data.Internal;
using Microsoft.Data.Sqlite;

namespace Holon.Data;

/// <summary>
/// A rented physical connection. Dispose it to give the connection back (it is reset: open transaction rolled back,
/// statements reset and unbound). A struct, so renting allocates nothing; every member checks that this copy's rent
/// is still current and throws <see cref="ObjectDisposedException"/> after return. Disposing twice is a no-op.
/// A lease belongs to one flow at a time; it is not thread-safe.
/// </summary>
public readonly partial struct ConnectionLease : IDisposable, IAsyncDisposable
{
    private readonly PhysicalConnection? _connection;
    private readonly long _generation;
    private readonly bool _borrowed;

    internal ConnectionLease(PhysicalConnection connection, long generation, bool borrowed = false)
    {
        _connection = connection;
        _generation = generation;
        _borrowed = borrowed;
    }

    /// <summary>
    /// True for a lease lent by <see cref="SqlitePool.RentForRead"/> on the writer this flow already holds:
    /// disposing it does nothing; the writer goes back when the flow's own writer lease is disposed.
    /// </summary>
    public bool IsBorrowed => _borrowed;

    /// <summary>
    /// The underlying Microsoft.Data.Sqlite connection, for hand-written ADO.NET. Do not close or dispose it, and
    /// dispose the commands and readers you create before returning the lease. Using it marks the lease so PRAGMAs
    /// are restored on return.
    /// </summary>
    public SqliteConnection Connection
    {
        get
        {
            var c = Live;
            c.MarkDirty();
            return c.Connection;
        }
    }

    /// <summary>True for the pool's writer connection, false for a (read-only) reader.</summary>
    public bool IsWriter => Live.IsWriter;

    /// <summary>True while this lease has not been returned.</summary>
    public bool IsActive => _connection is { } c && c.Generation == _generation && c.IsRented;

    /// <summary>
    /// The connection's prepared statement for <paramref name="definition"/> (prepared on first use by this
    /// connection). Dispose it after use. <paramref name="cancellationToken"/> interrupts the running statement;
    /// <see cref="PreparedStatement.Step"/> then throws <see cref="OperationCanceledException"/>.
    /// </summary>
    public PreparedStatement Statement(StatementDefinition definition, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var c = Live;
        return c.GetStatement(definition).BeginUse(cancellationToken, null);
    }

    /// <summary>
    /// Like <see cref="Statement(StatementDefinition, CancellationToken)"/>, for a definition that several methods
    /// share: errors during this use name <paramref name="origin"/> (<c>Namespace.Type.Method</c>) instead of the
    /// definition's list of methods.
    /// </summary>
    public PreparedStatement Statement(StatementDefinition definition, string origin, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(origin);
        var c = Live;
        return c.GetStatement(definition).BeginUse(cancellationToken, origin);
    }

    /// <summary>
    /// A prepared statement for constant ad-hoc SQL, from the connection's LRU cache
    /// (<see cref="SqlitePoolOptions.StatementCacheSize"/>). Slot <c>i</c> binds SQLite parameter <c>i + 1</c>.
    /// Never build <paramref name="sql"/> from values; bind them.
    /// </summary>
    public PreparedStatement Statement(string sql, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sql);
        var c = Live;
        return c.GetStatement(sql).BeginUse(cancellationToken, null);
    }

    /// <summary>Gives the connection back to the pool (a borrowed lease gives nothing back). A second call is a no-op.</summary>
    public void Dispose()
    {
        if (!_borrowed) _connection?.Pool.Return(_connection, _generation);
    }

    /// <summary>Gives the connection back to the pool. A second call is a no-op.</summary>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return default;
    }

    internal PhysicalConnection Live
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get
        {
            var c = _connection;
            if (c is null || c.Generation != _generation) ThrowReturned();
            return c!;
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowReturned()
        => throw new ObjectDisposedException(nameof(ConnectionLease), "This lease was returned to the pool (or never rented); rent a new one.");

    /// <inheritdoc/>
    public override string ToString() => _connection is null ? "(no lease)" : $"lease of {_connection}{(IsActive ? "" : " (returned)")}";
}
