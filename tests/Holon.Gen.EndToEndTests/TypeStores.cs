using Holon.Data;

namespace Holon.Gen.EndToEndTests;

public enum Color { Red = 1, Green = 2, Blue = 300 }

public sealed record AllTypes(
    long Id, bool B, byte U8, sbyte I8, short I16, ushort U16, int I32, uint U32, long I64, ulong U64,
    float F32, double F64, decimal Dec, string Str, char Ch, byte[] Blob, ReadOnlyMemory<byte> Mem, Guid G,
    DateTime Dt, DateTimeOffset Dto, DateOnly D, TimeOnly T, TimeSpan Ts, Color E);

public sealed record NullableTypes(
    long Id, bool? B, byte? U8, sbyte? I8, short? I16, ushort? U16, int? I32, uint? U32, long? I64, ulong? U64,
    float? F32, double? F64, decimal? Dec, string? Str, char? Ch, byte[]? Blob, ReadOnlyMemory<byte>? Mem, Guid? G,
    DateTime? Dt, DateTimeOffset? Dto, DateOnly? D, TimeOnly? T, TimeSpan? Ts, Color? E);

/// <summary>A class filled through settable properties only.</summary>
public sealed class NoteClass
{
    public long Id { get; set; }
    public string Title { get; set; } = "";
    public string? Body { get; set; }
    public string Untouched { get; set; } = "default";
}

/// <summary>A class filled through a constructor plus init and required properties.</summary>
public sealed class NoteInit(long id)
{
    public long Id { get; } = id;
    public required string Title { get; init; }
    public string? Body { get; init; }
}

public struct NoteStruct
{
    public long Id { get; set; }
    public string Title { get; set; }
}

public sealed partial class TypeStore
{
    private readonly SqlitePool _pool;

    public TypeStore(SqlitePool pool) => _pool = pool;

    public const string Columns = "id, b, u8, i8, i16, u16, i32, u32, i64, u64, f32, f64, dec, str, ch, blob, mem, g, dt, dto, d, t, ts, e";

    [Command("INSERT INTO types (" + Columns + ") VALUES (@Id, @B, @U8, @I8, @I16, @U16, @I32, @U32, @I64, @U64, @F32, @F64, @Dec, @Str, @Ch, @Blob, @Mem, @G, @Dt, @Dto, @D, @T, @Ts, @E)")]
    public partial void Insert(AllTypes row);

    [Command("INSERT INTO types (" + Columns + ") VALUES (@id, @b, @u8, @i8, @i16, @u16, @i32, @u32, @i64, @u64, @f32, @f64, @dec, @str, @ch, @blob, @mem, @g, @dt, @dto, @d, @t, @ts, @e)")]
    public partial ValueTask InsertNullableAsync(long id, bool? b, byte? u8, sbyte? i8, short? i16, ushort? u16, int? i32, uint? u32, long? i64, ulong? u64,
        float? f32, double? f64, decimal? dec, string? str, char? ch, byte[]? blob, ReadOnlyMemory<byte>? mem, Guid? g,
        DateTime? dt, DateTimeOffset? dto, DateOnly? d, TimeOnly? t, TimeSpan? ts, Color? e, CancellationToken ct = default);

    [Command("INSERT INTO types (" + Columns + ") VALUES (@id, @b, @u8, @i8, @i16, @u16, @i32, @u32, @i64, @u64, @f32, @f64, @dec, @str, @ch, @blob, @mem, @g, @dt, @dto, @d, @t, @ts, @e)")]
    public partial Task<int> InsertValuesAsync(long id, bool b, byte u8, sbyte i8, short i16, ushort u16, int i32, uint u32, long i64, ulong u64,
        float f32, double f64, decimal dec, string str, char ch, byte[] blob, ReadOnlyMemory<byte> mem, Guid g,
        DateTime dt, DateTimeOffset dto, DateOnly d, TimeOnly t, TimeSpan ts, Color e, CancellationToken ct = default);

    [Query("SELECT " + Columns + " FROM types WHERE id = @id")]
    public partial AllTypes GetAll(long id);

    [Query("SELECT @n AS n, @u AS u")] // a named tuple maps by name
    public partial (nint N, nuint? U) EchoNative(nint n, nuint? u);

    [Query("SELECT " + Columns + " FROM types WHERE id = @id")]
    public partial NullableTypes? GetNullable(long id);

    // scalar results of several types, each chosen by its parameter
    [Query("SELECT e FROM types WHERE e = :e")]
    public partial Color? FindColor(Color e);

    [Query("SELECT g FROM types WHERE g = $g")]
    public partial List<Guid> FindGuids(Guid g);

    [Query("SELECT str FROM types ORDER BY id")]
    public partial string?[] AllStrings();

    [Query("SELECT dto FROM types WHERE id = @id")]
    public partial Task<DateTimeOffset?> GetDto(long id, CancellationToken ct);

    [Query("SELECT id, str FROM types ORDER BY id")]
    public partial ValueTask<IReadOnlyList<(long Id, string? Str)>> Pairs(CancellationToken ct = default);

    [Command("INSERT INTO notes (id, title, body) VALUES (@Id, @Title, @Body)")]
    public partial int InsertNote(NoteInit note);

    [Query("SELECT id, title, body FROM notes ORDER BY id")]
    public partial List<NoteClass> NotesAsClasses();

    [Query("SELECT id, title, body FROM notes ORDER BY id")]
    public partial List<NoteInit> NotesAsInit();

    [Query("SELECT id, title FROM notes WHERE id = @id")]
    public partial NoteStruct? NoteAsStruct(long id);

    [Query("SELECT id, title, body FROM notes WHERE id = @id")]
    public partial NoteClass SingleNote(long id);

    [Command("INSERT INTO notes (id, title) VALUES (@id, @title) RETURNING id, title, body")]
    public partial Task<NoteClass> InsertReturning(long id, string title, CancellationToken ct = default);

    // Whole-table statements on purpose: the tests cover RETURNING over many rows and a lease-bound delete.
#pragma warning disable HOLON105
    [Command("UPDATE notes SET body = @body RETURNING id")]
    public partial IAsyncEnumerable<long> UpdateAllReturning(string body);

    [Command("DELETE FROM notes")]
    public partial Task<int> DeleteNotes(ConnectionLease lease, CancellationToken ct);
#pragma warning restore HOLON105

    [Query("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < @limit) SELECT sum(x) FROM c")]
    public partial ValueTask<long> SumTo(long limit, CancellationToken ct);

    [Query("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < @limit) SELECT sum(x) FROM c")]
    public partial long SumToNow(long limit, CancellationToken ct);

    [Query("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < @limit) SELECT x FROM c")]
    public partial IAsyncEnumerable<long> Sequence(long limit, CancellationToken ct = default);

    [Query("SELECT id, title, body FROM no_such_table")]
    public partial List<NoteClass> Broken();

    [Query("SELECT id FROM notes")]
    public partial List<NoteInit> MissingColumns();

    [Query("SELECT body FROM notes WHERE id = @id")]
    public partial string BodyOf(long id);
}
