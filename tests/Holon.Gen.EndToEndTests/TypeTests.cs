using Holon.Data;
using Microsoft.Data.Sqlite;

namespace Holon.Gen.EndToEndTests;

// These tests hold and return leases at chosen moments (to make waits, leaks and faults happen), so
// some leases are disposed explicitly rather than by a using declaration.
#pragma warning disable HOLON102

public sealed class TypeTests : IDisposable
{
    private readonly TestDatabase _db = new();
    private readonly TypeStore _store;
    private CancellationToken Ct => TestContext.Current.CancellationToken;

    public TypeTests() => _store = new TypeStore(_db.Pool);

    public void Dispose() => _db.Dispose();

    private static AllTypes Sample(long id) => new(
        id, true, 200, -100, -30000, 60000, -2_000_000_000, 4_000_000_000, long.MinValue + 1, ulong.MaxValue - 1,
        1.5f, Math.PI, 12345.678901234567890m, "héllo 'quoted'", 'Ω', [1, 2, 3], new byte[] { 9, 8 }, Guid.NewGuid(),
        new DateTime(2024, 2, 29, 13, 14, 15, 123, DateTimeKind.Unspecified).AddTicks(4567),
        new DateTimeOffset(2023, 12, 31, 23, 59, 58, TimeSpan.FromHours(-5)),
        new DateOnly(1999, 1, 2), new TimeOnly(7, 8, 9, 10), new TimeSpan(3, 4, 5, 6, 7), Color.Blue);

    private static void AssertSame(AllTypes expected, AllTypes actual)
    {
        Assert.Equal(expected with { Blob = [], Mem = default }, actual with { Blob = [], Mem = default });
        Assert.Equal(expected.Blob, actual.Blob);
        Assert.Equal(expected.Mem.ToArray(), actual.Mem.ToArray());
    }

    [Fact]
    public void Every_type_round_trips_through_generated_code()
    {
        var row = Sample(1);
        _store.Insert(row);
        AssertSame(row, _store.GetAll(1));
        Assert.Equal(Color.Blue, _store.FindColor(Color.Blue));
        Assert.Null(_store.FindColor(Color.Red));
        Assert.Equal([row.G], _store.FindGuids(row.G));
    }

    [Fact]
    public async Task Every_type_round_trips_as_separate_method_parameters()
    {
        var s = Sample(11);
        Assert.Equal(1, await _store.InsertValuesAsync(s.Id, s.B, s.U8, s.I8, s.I16, s.U16, s.I32, s.U32, s.I64, s.U64, s.F32, s.F64, s.Dec, s.Str,
            s.Ch, s.Blob, s.Mem, s.G, s.Dt, s.Dto, s.D, s.T, s.Ts, s.E, Ct));
        AssertSame(s, _store.GetAll(11));
    }

    [Fact]
    public void Native_integers_round_trip()
    {
        Assert.Equal((nint.MinValue, (nuint?)nuint.MaxValue), _store.EchoNative(nint.MinValue, nuint.MaxValue));
        Assert.Equal(((nint)5, (nuint?)null), _store.EchoNative(5, null));
    }

    [Fact]
    public async Task Cancellation_while_waiting_for_a_lease()
    {
        using var db = new TestDatabase(maxReaders: 1);
        var store = new TypeStore(db.Pool);
        var held = await db.Pool.RentReaderAsync(Ct);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        cts.CancelAfter(TimeSpan.FromMilliseconds(100));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await store.SumTo(3, cts.Token));
        held.Dispose();
        Assert.Equal(6, await store.SumTo(3, Ct));
    }

    [Fact]
    public void A_synchronous_method_honours_its_token_while_waiting_for_a_lease()
    {
        using var db = new TestDatabase(maxReaders: 1);
        var store = new TypeStore(db.Pool);
        var held = db.Pool.RentReader(TestContext.Current.CancellationToken);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        cts.CancelAfter(TimeSpan.FromMilliseconds(100));
        // Without the token the wait would end only at AcquireTimeout (10 s here) with a PoolTimeoutException.
        Assert.ThrowsAny<OperationCanceledException>(() => store.SumToNow(3, cts.Token));
        held.Dispose();
        Assert.Equal(6, store.SumToNow(3, Ct));
        Assert.Equal(0, db.Pool.Statistics.Timeouts);
    }

    [Fact]
    public void Lease_is_returned_when_mapping_throws()
    {
        using var db = new TestDatabase(maxReaders: 1);
        var store = new TypeStore(db.Pool);
        store.InsertNote(new NoteInit(1) { Title = "t", Body = null });
        for (int i = 0; i < 3; i++) Assert.ThrowsAny<InvalidCastException>(() => store.BodyOf(1));
        // with a single reader, a leaked lease would make this wait for the acquire timeout
        Assert.Single(store.NotesAsClasses());
        Assert.Equal(0, db.Pool.Statistics.Timeouts);
    }

    [Fact]
    public async Task Nullable_types_round_trip_values_and_nulls()
    {
        var s = Sample(0);
        await _store.InsertNullableAsync(2, s.B, s.U8, s.I8, s.I16, s.U16, s.I32, s.U32, s.I64, s.U64, s.F32, s.F64, s.Dec, s.Str, s.Ch,
            s.Blob, s.Mem, s.G, s.Dt, s.Dto, s.D, s.T, s.Ts, s.E, Ct);
        await _store.InsertNullableAsync(3, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
            null, null, null, null, null, null, null, null, null, Ct);

        var full = _store.GetNullable(2)!;
        Assert.Equal(s.U64, full.U64);
        Assert.Equal(s.Dec, full.Dec);
        Assert.Equal(s.Dto, full.Dto);
        Assert.Equal(s.E, full.E);
        Assert.Equal(s.Mem.ToArray(), full.Mem!.Value.ToArray());
        Assert.Equal(s.Ts, full.Ts);

        var empty = _store.GetNullable(3)!;
        Assert.Equal(new NullableTypes(3, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
            null, null, null, null, null, null, null), empty);
        Assert.Null(_store.GetNullable(99));
        Assert.Equal([s.Str, null], _store.AllStrings());
        Assert.Null(await _store.GetDto(3, Ct));
        Assert.Equal(s.Dto, await _store.GetDto(2, Ct));
    }

    [Fact]
    public void Rows_written_by_plain_Microsoft_Data_Sqlite_read_back_through_generated_code()
    {
        var row = Sample(5);
        using (var lease = _db.Pool.RentWriter(TestContext.Current.CancellationToken))
        {
            using var command = lease.Connection.CreateCommand();
#pragma warning disable HOLON101 // placeholders built from the constant column list, no values
            command.CommandText = "INSERT INTO types (" + TypeStore.Columns + ") VALUES (" +
                string.Join(", ", TypeStore.Columns.Split(", ").Select(c => "$" + c)) + ")";
#pragma warning restore HOLON101
            object?[] values = [row.Id, row.B, row.U8, row.I8, row.I16, row.U16, row.I32, row.U32, row.I64, row.U64, row.F32, row.F64,
                row.Dec, row.Str, row.Ch, row.Blob, row.Mem.ToArray(), row.G, row.Dt, row.Dto, row.D, row.T, row.Ts, row.E];
            var names = TypeStore.Columns.Split(", ");
            for (int i = 0; i < names.Length; i++) command.Parameters.AddWithValue("$" + names[i], values[i]);
            Assert.Equal(1, command.ExecuteNonQuery());
        }
        AssertSame(row, _store.GetAll(5));
    }

    [Fact]
    public void Rows_written_by_generated_code_read_back_through_plain_Microsoft_Data_Sqlite()
    {
        var row = Sample(6);
        _store.Insert(row);
        using var lease = _db.Pool.RentReader(TestContext.Current.CancellationToken);
        using var command = lease.Connection.CreateCommand();
        command.CommandText = "SELECT " + TypeStore.Columns + " FROM types WHERE id = 6";
        using var r = command.ExecuteReader();
        Assert.True(r.Read());
        var read = new AllTypes(r.GetInt64(0), r.GetBoolean(1), r.GetByte(2), r.GetFieldValue<sbyte>(3), r.GetInt16(4), r.GetFieldValue<ushort>(5),
            r.GetInt32(6), r.GetFieldValue<uint>(7), r.GetInt64(8), r.GetFieldValue<ulong>(9), r.GetFloat(10), r.GetDouble(11), r.GetDecimal(12),
            r.GetString(13), r.GetChar(14), r.GetFieldValue<byte[]>(15), r.GetFieldValue<byte[]>(16), r.GetGuid(17), r.GetDateTime(18),
            r.GetFieldValue<DateTimeOffset>(19), r.GetFieldValue<DateOnly>(20), r.GetFieldValue<TimeOnly>(21), r.GetFieldValue<TimeSpan>(22),
            (Color)r.GetInt32(23));
        AssertSame(row, read);
    }

    [Fact]
    public async Task Classes_init_required_structs_and_tuples()
    {
        Assert.Equal(1, _store.InsertNote(new NoteInit(1) { Title = "one", Body = null }));
        Assert.Equal(1, _store.InsertNote(new NoteInit(2) { Title = "two", Body = "b" }));

        var classes = _store.NotesAsClasses();
        Assert.Equal([(1L, "one", (string?)null, "default"), (2L, "two", "b", "default")],
            classes.Select(n => (n.Id, n.Title, n.Body, n.Untouched)));
        var inits = _store.NotesAsInit();
        Assert.Equal([(1L, "one", (string?)null), (2L, "two", "b")], inits.Select(n => (n.Id, n.Title, n.Body)));
        var s = _store.NoteAsStruct(2);
        Assert.Equal((2L, "two"), (s!.Value.Id, s.Value.Title));
        Assert.Null(_store.NoteAsStruct(3));

        var inserted = await _store.InsertReturning(3, "three", Ct);
        Assert.Equal((3L, "three", (string?)null), (inserted.Id, inserted.Title, inserted.Body));

        var updated = new List<long>();
        await foreach (var id in _store.UpdateAllReturning("x").WithCancellation(Ct)) updated.Add(id);
        Assert.Equal([1L, 2L, 3L], updated.Order());

        _store.Insert(Sample(7) with { Str = "p" });
        Assert.Equal([(7L, "p")], await _store.Pairs(Ct));

        using var lease = await _db.Pool.RentWriterAsync(Ct);
        Assert.Equal(3, await _store.DeleteNotes(lease, Ct));
    }

    [Fact]
    public void Null_into_non_nullable_member_names_column_member_and_method()
    {
        _store.InsertNote(new NoteInit(1) { Title = "t", Body = null });
        var error = Assert.ThrowsAny<Exception>(() => _store.BodyOf(1));
        Assert.Contains("body", error.Message);
        Assert.Contains("TypeStore.BodyOf", error.Message);

        using (var lease = _db.Pool.RentWriter(TestContext.Current.CancellationToken)) lease.Execute("INSERT INTO types (id, b) VALUES (9, NULL)");
        var nullMember = Assert.ThrowsAny<Exception>(() => _store.GetAll(9));
        Assert.Contains("'B'", nullMember.Message);
        Assert.Contains("TypeStore.GetAll", nullMember.Message);
    }

    [Fact]
    public void Errors_name_the_method_and_the_SQL()
    {
        var error = Assert.ThrowsAny<SqliteException>(() => _store.Broken());
        Assert.Contains("TypeStore.Broken", error.Message);
        Assert.Contains("no_such_table", error.Message);

        var missing = Assert.ThrowsAny<Exception>(() => _store.MissingColumns());
        Assert.Contains("TypeStore.MissingColumns", missing.Message);
        Assert.Contains("Title", missing.Message);
        Assert.Contains("SELECT id FROM notes", missing.Message);

        var none = Assert.Throws<InvalidOperationException>(() => _store.SingleNote(42));
        Assert.Contains("TypeStore.SingleNote", none.Message);
        Assert.Contains("FROM notes WHERE id = @id", none.Message);
    }

    [Fact]
    public async Task Cancellation_interrupts_a_running_query_and_the_pool_stays_healthy()
    {
        using var db = new TestDatabase(maxReaders: 1);
        var store = new TypeStore(db.Pool);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        cts.CancelAfter(TimeSpan.FromMilliseconds(200));
        var started = System.Diagnostics.Stopwatch.StartNew();
        // ~10^12 rows: minutes of work if nothing interrupted it.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await store.SumTo(1_000_000_000_000, cts.Token));
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(20), "the query was not interrupted");

        // the single reader came back and works
        Assert.Equal(55, await store.SumTo(10, Ct));

        using var streamCts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        long seen = 0;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var x in store.Sequence(1_000_000_000_000, streamCts.Token))
            {
                if (++seen == 1000) streamCts.Cancel();
            }
        });
        Assert.Equal(1000, seen);
        Assert.Equal(15, await store.SumTo(5, Ct));
    }
}
