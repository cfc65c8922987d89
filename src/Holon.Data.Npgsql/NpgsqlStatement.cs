using System.Data;
using System.Runtime.CompilerServices;
using Holon.Data.Generated;
using Npgsql;

namespace Holon.Data.Npgsql;

/// <summary>
/// One use of a generated statement on a PostgreSQL connection: the counterpart of <see cref="PreparedStatement"/>,
/// with the same calls in the same order (bind by slot, step, resolve ordinals, read), so generated cores and row
/// readers are written once for both backends. The first step prepares the command (a lookup once the physical
/// connection has it) and executes it; every failure names the calling method and the SQL.
/// </summary>
public sealed partial class NpgsqlStatement : IDisposable, IAsyncDisposable
{
    private readonly NpgsqlCommand _command;
    private readonly StatementDefinition _definition;
    private readonly CancellationToken _cancellationToken;
    private NpgsqlDataReader? _reader;
    private CancellationTokenRegistration _registration;
    private int[]? _ordinals;
    private ResultShapeCache.Shape? _shape;

    internal NpgsqlStatement(NpgsqlConnection connection, StatementDefinition definition, string origin, CancellationToken cancellationToken)
    {
        _definition = definition;
        Origin = origin;
        _cancellationToken = cancellationToken;
        _command = new NpgsqlCommand(definition.Sql, connection);
    }

    /// <summary>The SQL text (with positional <c>$1, $2 …</c>).</summary>
    public string Sql => _definition.Sql;

    /// <summary>The method using the statement, quoted in every error.</summary>
    public string Origin { get; }

    /// <summary>Binds <paramref name="value"/> to <paramref name="slot"/> (<c>$slot+1</c>) with Npgsql's generic parameter, so it is never boxed.</summary>
    /// <remarks>
    /// <see cref="DateTimeOffset"/> values are sent as UTC (<c>timestamptz</c> keeps an instant, not an offset). A
    /// <see cref="DateTime"/> of kind <see cref="DateTimeKind.Local"/> is refused: Npgsql would send it as
    /// <c>timestamp</c>, and a <c>timestamptz</c> column would store its wall time as if it were UTC.
    /// </remarks>
    /// <exception cref="ArgumentException">A <see cref="DateTime"/> of kind Local.</exception>
    public void Bind<T>(int slot, T value)
    {
        // typeof(T) tests are constants after JIT specialisation: other types pay nothing for them.
        if (typeof(T) == typeof(DateTimeOffset))
        {
            Set(slot, new NpgsqlParameter<DateTimeOffset> { TypedValue = Unsafe.As<T, DateTimeOffset>(ref value).ToUniversalTime() });
            return;
        }
        if (typeof(T) == typeof(DateTimeOffset?))
        {
            Set(slot, new NpgsqlParameter<DateTimeOffset?> { TypedValue = Unsafe.As<T, DateTimeOffset?>(ref value)?.ToUniversalTime() });
            return;
        }
        if (typeof(T) == typeof(DateTime) && Unsafe.As<T, DateTime>(ref value).Kind == DateTimeKind.Local) throw LocalDateTime(slot);
        if (typeof(T) == typeof(DateTime?) && Unsafe.As<T, DateTime?>(ref value)?.Kind == DateTimeKind.Local) throw LocalDateTime(slot);
        Set(slot, new NpgsqlParameter<T> { TypedValue = value });
    }

    /// <summary>Binds SQL NULL to <paramref name="slot"/>, typed as a <typeparamref name="T"/> would be.</summary>
    public void BindNull<T>(int slot) where T : class => Set(slot, new NpgsqlParameter<T?> { TypedValue = null });

    /// <summary>Binds SQL NULL to <paramref name="slot"/>, typed as a <typeparamref name="T"/> would be.</summary>
    public void BindNullValue<T>(int slot) where T : struct => Set(slot, new NpgsqlParameter<T?> { TypedValue = null });

    /// <summary>
    /// Binds an enum's name ([EnumAsText]) untyped, so the server gives it the type its place needs: <c>text</c>, or
    /// a PostgreSQL enum type (<c>CREATE TYPE … AS ENUM</c>), which takes no <c>text</c> parameter.
    /// </summary>
    public void BindName(int slot, string name) =>
        Set(slot, new NpgsqlParameter<string> { TypedValue = name, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Unknown });

    /// <summary>Binds SQL NULL in place of an enum's name, untyped like <see cref="BindName"/>.</summary>
    public void BindNullName(int slot) =>
        Set(slot, new NpgsqlParameter { Value = DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Unknown });

    /// <summary>Advances to the next row (the first call prepares and executes); true while there is one.</summary>
    public bool Step()
    {
        try
        {
            if (_reader is null)
            {
                CheckAllBound();
                if (_cancellationToken.CanBeCanceled)
                    _registration = _cancellationToken.Register(static c => ((NpgsqlCommand)c!).Cancel(), _command);
                _command.Prepare();
                _reader = _command.ExecuteReader();
                _shape = ResultShapeCache.Of(_definition, _reader);
            }
            if (_reader.Read()) return true;
            // Closed at once, so the connection is free for the next command (a savepoint's commit) before Dispose.
            _reader.Close();
            return false;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.QueryCanceled && _cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(e.Message, e, _cancellationToken);
        }
        catch (NpgsqlException e)
        {
            throw NpgsqlStatementException.Wrap(e, Origin, Sql);
        }
    }

    /// <summary>Advances to the next row (the first call prepares and executes); true while there is one.</summary>
    public async ValueTask<bool> StepAsync()
    {
        try
        {
            if (_reader is null)
            {
                CheckAllBound();
                await _command.PrepareAsync(_cancellationToken).ConfigureAwait(false);
                _reader = await _command.ExecuteReaderAsync(_cancellationToken).ConfigureAwait(false);
                _shape = ResultShapeCache.Of(_definition, _reader);
            }
            if (await _reader.ReadAsync(_cancellationToken).ConfigureAwait(false)) return true;
            await _reader.CloseAsync().ConfigureAwait(false);
            return false;
        }
        catch (NpgsqlException e)
        {
            throw NpgsqlStatementException.Wrap(e, Origin, Sql);
        }
    }

    /// <summary>Rows the statement changed, once every row has been stepped through.</summary>
    public int Changes
    {
        get
        {
            var reader = Executed();
            reader.Close(); // the count arrives with the end of the result
            return reader.RecordsAffected;
        }
    }

    /// <summary>Rows the statement changed, once every row has been stepped through.</summary>
    public async ValueTask<int> ChangesAsync()
    {
        var reader = Executed();
        await reader.CloseAsync().ConfigureAwait(false);
        return reader.RecordsAffected;
    }

    /// <summary>How many columns the result has.</summary>
    public int ColumnCount => Shape().Columns.Length;

    /// <summary>The column of result member <paramref name="memberSlot"/> (see <see cref="ResultColumns"/>), or -1.</summary>
    public int Ordinal(int memberSlot) => (_ordinals ??= ResultShapeCache.Ordinals(_definition, Shape(), Origin))[memberSlot];

    /// <summary>Like <see cref="Ordinal"/>, but throws naming the member, the method and the SQL when there is no such column.</summary>
    public int RequiredOrdinal(int memberSlot)
    {
        int ordinal = Ordinal(memberSlot);
        return ordinal >= 0 ? ordinal : throw ResultColumns.MissingColumn(Origin, _definition.ResultMembers[memberSlot], Shape().Columns, Sql);
    }

    /// <summary>Ends the use: closes the result and the command (the prepared statement stays on the connection).</summary>
    public void Dispose()
    {
        _registration.Dispose();
        _reader?.Dispose();
        _command.Dispose();
    }

    /// <summary>Ends the use: closes the result and the command (the prepared statement stays on the connection).</summary>
    public async ValueTask DisposeAsync()
    {
        _registration.Dispose();
        if (_reader is not null) await _reader.DisposeAsync().ConfigureAwait(false);
        await _command.DisposeAsync().ConfigureAwait(false);
    }

    // Slots are bound in order (generated code binds 0, 1, 2 …); a slot bound again replaces its parameter.
    private void Set(int slot, NpgsqlParameter parameter)
    {
        var parameters = _command.Parameters;
        if (slot == parameters.Count) parameters.Add(parameter);
        else if ((uint)slot < (uint)parameters.Count) parameters[slot] = parameter;
        else throw new ArgumentOutOfRangeException(nameof(slot), slot,
            $"{Origin}: slot {slot} bound before slot {parameters.Count}; bind the parameters in order. SQL: {Sql}");
    }

    private void CheckAllBound()
    {
        int expected = _definition.ParameterNames.Count;
        if (_command.Parameters.Count != expected)
        {
            int slot = _command.Parameters.Count;
            throw new InvalidOperationException($"{Origin}: parameter {_definition.ParameterNames[slot]} (${slot + 1}) was not bound. SQL: {Sql}");
        }
    }

    private NpgsqlDataReader Executed() => _reader ?? throw NotStepped();

    private InvalidOperationException NotStepped() => new($"{Origin}: the statement has not been stepped yet, so it has no result. SQL: {Sql}");

    // Kept from the execution: an empty result is closed at its first step, and its columns must still be checked.
    private ResultShapeCache.Shape Shape() => _shape ?? throw NotStepped();

    private ArgumentException LocalDateTime(int slot)
    {
        string parameter = _definition.ParameterNames[slot];
        return new ArgumentException(
            $"{Origin}: {parameter} is a DateTime of kind Local. PostgreSQL would store its wall time as if it were UTC in a " +
            "timestamptz column, so it is refused: pass value.ToUniversalTime() for timestamptz, or " +
            $"DateTime.SpecifyKind(value, DateTimeKind.Unspecified) for timestamp. SQL: {Sql}", parameter);
    }
}
