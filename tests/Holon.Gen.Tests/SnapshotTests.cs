using System.Runtime.CompilerServices;

namespace Holon.Gen.Tests;

/// <summary>One snapshot per scenario; each also proves the generated code compiles without warnings.</summary>
public sealed class SnapshotTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Runtime.CompilerServices;
        using System.Threading;
        using System.Threading.Tasks;
        using Holon.Data;

        """;

    private static void VerifyGenerated(string source, [CallerMemberName] string test = "")
    {
        var run = GeneratorHarness.Generate(Usings + source);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(GeneratorHarness.CompileProblems(run.Output));
        var generated = run.Result.Results.Single().GeneratedSources;
        Assert.NotEmpty(generated);
        foreach (var file in generated)
        {
            // Generated code a user steps into keeps its lines short.
            Assert.All(file.SourceText.Lines, line => Assert.True(line.Span.Length < 140, file.HintName + ": " + line));
        }
        Snapshot.Verify(test, generated.OrderBy(g => g.HintName, StringComparer.Ordinal).Select(g => (g.HintName, g.SourceText.ToString())));
    }

    [Fact]
    public void QueryReturnShapes() => VerifyGenerated("""
        namespace App;

        public sealed record Block(string Id, string? ParentId, string Content, long SortKey);

        public sealed partial class Shapes(SqlitePool pool)
        {
            [Query("SELECT id, parent_id, content, sort_key FROM blocks WHERE id = @id")]
            public partial Block? FirstOrNull(string id);
            [Query("SELECT id, parent_id, content, sort_key FROM blocks WHERE id = @id")]
            public partial Task<Block?> FirstOrNullTask(string id, CancellationToken ct);
            [Query("SELECT id, parent_id, content, sort_key FROM blocks WHERE id = @id")]
            public partial ValueTask<Block?> FirstOrNullValueTask(string id, CancellationToken ct = default);
            [Query("SELECT id, parent_id, content, sort_key FROM blocks WHERE id = @id")]
            public partial Block Single(string id);
            [Query("SELECT id, parent_id, content, sort_key FROM blocks WHERE id = @id")]
            public partial Task<Block> SingleTask(string id);
            [Query("SELECT id, parent_id, content, sort_key FROM blocks WHERE id = @id")]
            public partial ValueTask<Block> SingleValueTask(string id, CancellationToken ct);
            [Query("SELECT id, parent_id, content, sort_key FROM blocks")]
            public partial List<Block> List();
            [Query("SELECT id, parent_id, content, sort_key FROM blocks")]
            public partial Task<IReadOnlyList<Block>> ReadOnlyListTask(CancellationToken ct);
            [Query("SELECT id, parent_id, content, sort_key FROM blocks")]
            public partial ValueTask<Block[]> ArrayValueTask(CancellationToken ct);
            [Query("SELECT id, parent_id, content, sort_key FROM blocks")]
            public partial IAsyncEnumerable<Block> Stream([EnumeratorCancellation] CancellationToken ct = default);
            [Query("SELECT id, parent_id, content, sort_key FROM blocks")]
            public partial IAsyncEnumerable<Block> StreamTokenWithoutAttribute(CancellationToken ct);
            [Query("SELECT id, parent_id, content, sort_key FROM blocks")]
            public partial IAsyncEnumerable<Block> StreamWithoutToken();
            [Query("SELECT count(*) FROM blocks")]
            public partial long Count();
            [Query("SELECT max(sort_key) FROM blocks")]
            public partial ValueTask<long?> MaxSortKey(CancellationToken ct);
            [Query("SELECT content FROM blocks")]
            public partial Task<string[]> Contents();
            [Query("SELECT parent_id FROM blocks")]
            public partial List<string?> ParentIds();
        }
        """);

    [Fact]
    public void CommandShapes() => VerifyGenerated("""
        namespace App;

        public sealed record Block(string Id, string? ParentId, string Content, long SortKey);

        public sealed partial class Commands(SqlitePool pool)
        {
            [Command("DELETE FROM blocks WHERE id = @id")]
            public partial void Void(string id);
            [Command("DELETE FROM blocks WHERE id = @id")]
            public partial int RowsAffected(string id);
            [Command("DELETE FROM blocks WHERE id = @id")]
            public partial Task VoidTask(string id, CancellationToken ct);
            [Command("DELETE FROM blocks WHERE id = @id")]
            public partial ValueTask VoidValueTask(string id, CancellationToken ct);
            [Command("DELETE FROM blocks WHERE id = @id")]
            public partial Task<int> RowsAffectedTask(string id, CancellationToken ct);
            [Command("DELETE FROM blocks WHERE id = @id")]
            public partial ValueTask<int> RowsAffectedValueTask(string id, CancellationToken ct);
            [Command("INSERT INTO blocks (id, parent_id, content, sort_key) VALUES (@Id, @ParentId, @Content, @SortKey)")]
            public partial ValueTask<int> Insert(Block block, CancellationToken ct = default);
            [Command("UPDATE blocks SET content = @content WHERE id = @id RETURNING id, parent_id, content, sort_key")]
            public partial Block? UpdateReturning(string id, string content);
            [Command("DELETE FROM blocks RETURNING id")]
            public partial Task<List<string>> DeleteAllReturning(CancellationToken ct);
            [Command("INSERT INTO blocks (id, content, sort_key) VALUES (@id, '', 0) RETURNING rowid")]
            public partial long InsertReturningRowId(string id);
            [Command("DELETE FROM blocks RETURNING id")]
            public partial IAsyncEnumerable<string> DeleteStream();
        }
        """);

    [Fact]
    public void ParameterTypes() => VerifyGenerated("""
        namespace App;

        public enum Color { Red, Green }
        public enum Big : ulong { Huge = ulong.MaxValue }

        public sealed class Row
        {
            public long Id { get; init; }
            public string Name { get; init; } = "";
            public DateTime? When { get; init; }
            public Color Color { get; init; }
            public string Ignored { get; init; } = "";
        }

        public sealed partial class Params(SqlitePool pool)
        {
            [Command("INSERT INTO t VALUES (@b, @u8, @i8, @i16, @u16, @i32, @u32, @i64, @u64, @f32, @f64, @dec, @str, @ch, @blob, @mem, @g, @dt, @dto, @d, @t, @ts, @color, @big)")]
            public partial int AllTypes(bool b, byte u8, sbyte i8, short i16, ushort u16, int i32, uint u32, long i64, ulong u64, float f32, double f64,
                decimal dec, string str, char ch, byte[] blob, ReadOnlyMemory<byte> mem, Guid g, DateTime dt, DateTimeOffset dto, DateOnly d,
                TimeOnly t, TimeSpan ts, Color color, Big big);

            [Command("INSERT INTO t VALUES (:b, :u8, :i8, :i16, :u16, :i32, :u32, :i64, :u64, :f32, :f64, :dec, :str, :ch, :blob, :mem, :g, :dt, :dto, :d, :t, :ts, :color)")]
            public partial int AllNullable(bool? b, byte? u8, sbyte? i8, short? i16, ushort? u16, int? i32, uint? u32, long? i64, ulong? u64, float? f32,
                double? f64, decimal? dec, string? str, char? ch, byte[]? blob, ReadOnlyMemory<byte>? mem, Guid? g, DateTime? dt, DateTimeOffset? dto,
                DateOnly? d, TimeOnly? t, TimeSpan? ts, Color? color);

            [Command("UPDATE t SET name = $name, at = $When, color = $color WHERE id = $id AND tag = @tag")]
            public partial void ObjectMembers(Row row, string tag);

            [Query("SELECT n FROM t WHERE n = @n AND u = @u")]
            public partial List<nint> NativeIntegers(nint n, nuint? u);

            [Query("SELECT id FROM t WHERE parent_id = @parent_id AND id = @ID AND @id IS NOT NULL")]
            public partial long[] CaseAndUnderscores(string parentId, long id);
        }
        """);

    [Fact]
    public void ConnectionSources() => VerifyGenerated("""
        namespace App;

        public sealed partial class FieldPool
        {
            private readonly SqlitePool _pool;
            public FieldPool(SqlitePool pool) => _pool = pool;
            [Query("SELECT 1")]
            public partial long One();
        }

        public partial class PropertyPool
        {
            protected SqlitePool Pool { get; }
            public PropertyPool(SqlitePool pool) => Pool = pool;
            [Command("DELETE FROM t")]
            public partial Task<int> Clear(CancellationToken ct);
        }

        public sealed partial class DerivedPool(SqlitePool pool) : PropertyPool(pool)
        {
            [Query("SELECT 1")]
            public partial ValueTask<long> One(CancellationToken ct);
        }

        public sealed partial class PrimaryConstructorPool(SqlitePool pool)
        {
            [Query("SELECT 1")]
            public partial long One();
        }

        public static partial class StaticPool
        {
            public static SqlitePool Pool { get; set; } = null!;
            [Query("SELECT 1")]
            internal static partial long One();
        }

        public static partial class LeaseOnly
        {
            [Command("DELETE FROM t WHERE id = @id")]
            public static partial int Delete(ConnectionLease lease, long id);
            [Command("DELETE FROM t WHERE id = @id")]
            public static partial ValueTask<int> DeleteAsync(ConnectionLease lease, long id, CancellationToken ct);
            [Command("DELETE FROM t WHERE id = @id")]
            public static partial Task DeleteTask(ConnectionLease lease, long id);
            [Query("SELECT id FROM t")]
            public static partial IAsyncEnumerable<long> Ids(ConnectionLease lease);
        }

        public sealed partial class LeaseWinsOverPool(SqlitePool pool)
        {
            [Query("SELECT 1")]
            public partial long One(ConnectionLease lease);
            [Query("SELECT 1")]
            public partial long One();
        }
        """);

    [Fact]
    public void ResultTypes() => VerifyGenerated("""
        namespace App;

        public enum Kind { A, B }
        public sealed record PositionalRecord(long Id, string? Name, Kind Kind, Guid? Key);
        public sealed record RecordWithProperties(long Id)
        {
            public string Name { get; init; } = "";
            public required string Title { get; init; }
            public DateOnly? Day { get; set; }
        }
        public sealed class SettableClass
        {
            public long Id { get; set; }
            public string? Name { get; set; }
            public List<string> Tags { get; set; } = new();
            public long Computed => Id * 2;
        }
        public sealed class ConstructorClass
        {
            public ConstructorClass() { }
            public ConstructorClass(long id, string name) { Id = id; Name = name; }
            public long Id { get; }
            public string Name { get; } = "";
        }
        public struct PlainStruct
        {
            public long Id { get; set; }
            public double Score { get; set; }
        }
        public readonly record struct RecordStruct(long Id, bool Flag);

        public sealed partial class Results(SqlitePool pool)
        {
            [Query("SELECT id, name, kind, key FROM t")]
            public partial List<PositionalRecord> Positional();
            [Query("SELECT id, name, title, day FROM t")]
            public partial RecordWithProperties? WithProperties();
            [Query("SELECT id, name FROM t")]
            public partial SettableClass[] Settable();
            [Query("SELECT id, name FROM t")]
            public partial ConstructorClass Constructed();
            [Query("SELECT id, score FROM t")]
            public partial PlainStruct? Struct();
            [Query("SELECT id, flag FROM t")]
            public partial IReadOnlyList<RecordStruct> RecordStructs();
            [Query("SELECT id, name, kind FROM t")]
            public partial List<(long Id, string? Name, Kind Kind)> NamedTuples();
            [Query("SELECT id, name FROM t")]
            public partial (long, string)? UnnamedTuple();
            [Query("SELECT kind FROM t")]
            public partial Kind? Enum();
            [Query("SELECT data FROM t")]
            public partial byte[]? Blob();
        }
        """);

    /// <summary>Names tables and a value-to-name switch per enum stored as text; aliases write their first name.</summary>
    [Fact]
    public void EnumsAsText() => VerifyGenerated("""
        namespace App;

        [EnumAsText]
        public enum Mood { Calm, Excited, Still = Calm, @class }
        public enum Status : byte { Draft, Published }
        public sealed record Post(long Id, [EnumAsText] Status Status, Status Plain, Mood? Mood);
        public sealed class Settable
        {
            [EnumAsText] public Status? Status { get; set; }
        }

        public sealed partial class Posts(SqlitePool pool)
        {
            [Command("INSERT INTO posts (id, status, plain, mood) VALUES (@Id, @Status, @Plain, @Mood)")]
            public partial int Insert(Post post);
            [Query("SELECT id, status, plain, mood FROM posts WHERE id = @id")]
            public partial Post? Get(long id);
            [Query("SELECT status FROM posts")]
            public partial List<Settable> All();
            [Query("SELECT count(*) FROM posts WHERE status = @status AND mood = @mood")]
            public partial long Count([EnumAsText] Status status, Mood? mood);
            [Query("SELECT mood FROM posts")]
            public partial IReadOnlyList<Mood> Moods();
            [Watch("SELECT mood FROM posts WHERE status = @status")]
            public partial IAsyncEnumerable<IReadOnlyList<Mood?>> WatchMoods([EnumAsText] Status status);
        }
        """);

    [Fact]
    public void NestedGenericAndGlobalTypes() => VerifyGenerated("""
        public partial class Outer<T>
        {
            internal partial struct Inner
            {
                private static SqlitePool s_pool = null!;
                [Query("SELECT 1")]
                private static partial long One();
            }
        }

        public partial record GlobalRecord(SqlitePool Pool)
        {
            [Query("SELECT @class")]
            public partial long Keyword(long @class);
            [Query("SELECT @x")]
            public partial long Overload(long x);
            [Query("SELECT @x")]
            public partial long Overload(int x);
        }
        """);

    /// <summary>A wrapper (typed id), a converter on a type, on a member and on parameters: converted, then bound or read.</summary>
    [Fact]
    public void TypedIds() => VerifyGenerated("""
        namespace App;

        public readonly record struct BlockId(string Value);
        public sealed record OwnerId(long Value);

        [SqlConverter(typeof(MoneyAsCents))]
        public readonly record struct Money(decimal Amount);

        public sealed class MoneyAsCents : ISqlConverter<Money, long>
        {
            public static long ToStore(Money value) => (long)(value.Amount * 100);
            public static Money FromStore(long value) => new(value / 100m);
        }

        public sealed record Block(BlockId Id, BlockId? ParentId, OwnerId? Owner, Money Price,
            [SqlConverter(typeof(DateTimeOffsetAsUtcTicks))] DateTimeOffset At);

        public sealed partial class TypedIdStore(SqlitePool pool)
        {
            [Command("INSERT INTO blocks (id, parent_id, owner, price, at) VALUES (@Id, @ParentId, @Owner, @Price, @At)")]
            public partial int Insert(Block block);

            [Query("SELECT id, parent_id, owner, price, at FROM blocks WHERE id = @id")]
            public partial Task<Block?> GetAsync(BlockId id);

            [Query("SELECT parent_id FROM blocks WHERE id = @id")]
            public partial BlockId? ParentOf(BlockId id);

            [Query("SELECT id FROM blocks WHERE owner = @owner ORDER BY id")]
            public partial List<BlockId> IdsOf(OwnerId? owner);

            [Query("SELECT id, price FROM blocks WHERE key = @key AND at > @after")]
            public partial List<(BlockId Id, Money Price)> After([SqlConverter(typeof(GuidAsBlob))] Guid key,
                [SqlConverter(typeof(DateTimeOffsetAsUtcTicks))] DateTimeOffset after);
        }
        """);
}


/// <summary>Generated code must compile cleanly whatever the user's nullable setting is.</summary>
public sealed class NullableContextTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Generated_code_compiles_with_nullable_enabled_or_disabled(bool enabled)
    {
        string source = (enabled ? "#nullable enable\n" : "#nullable disable\n") + """
            using System.Collections.Generic;
            using System.Threading;
            using System.Threading.Tasks;
            using Holon.Data;
            namespace App;
            public sealed record Block(string Id, string ParentId, string Content, long SortKey);
            public sealed partial class Store(SqlitePool pool)
            {
                [Query("SELECT id, parent_id, content, sort_key FROM blocks WHERE id = @id")]
                public partial ValueTask<Block> Get(string id, CancellationToken ct = default);
                [Query("SELECT id, parent_id, content, sort_key FROM blocks WHERE parent_id = @parentId")]
                public partial Task<List<Block>> Children(string parentId, CancellationToken ct = default);
                [Query("SELECT content FROM blocks")]
                public partial IAsyncEnumerable<string> Contents(CancellationToken ct = default);
                [Command("INSERT INTO blocks VALUES (@Id, @ParentId, @Content, @SortKey)")]
                public partial int Insert(Block block);
            }
            """;
        if (enabled)
        {
            source = source.TrimEnd().TrimEnd('}') + """
                    [Command("INSERT INTO blocks VALUES (@Id, @ParentId, @Content, @SortKey)")]
                    public partial int InsertMaybe(Block? block);
                }
                """;
        }
        var run = GeneratorHarness.Generate(source);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Single(GeneratorHarness.StoreTrees(run.Result));
        Assert.Empty(GeneratorHarness.CompileProblems(run.Output));
    }
}
