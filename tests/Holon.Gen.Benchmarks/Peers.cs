using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Holon.Gen.Benchmarks;

/// <summary>
/// The peers measured beside Holon.Gen in the table mode, each used the way its documentation recommends for speed,
/// each on its own open connection to the benchmark database: Dapper.AOT (build-time interceptors), EF Core with
/// compiled queries and no tracking (one long-lived context), sqlite-net (its own SQLitePCLRaw connection).
/// </summary>
public sealed class Peers : IDisposable
{
    public Peers(BenchDatabase db)
    {
        AotConnection = new SqliteConnection(db.ConnectionString(pooling: false));
        AotConnection.Open();
        EfConnection = new SqliteConnection(db.ConnectionString(pooling: false));
        EfConnection.Open();
        Ef = new BenchContext(new DbContextOptionsBuilder<BenchContext>().UseSqlite(EfConnection).Options);
        SqliteNet = new SQLite.SQLiteConnection(db.Path, SQLite.SQLiteOpenFlags.ReadWrite);
        SqliteNet.Execute("PRAGMA synchronous=NORMAL");
    }

    public SqliteConnection AotConnection { get; }

    public SqliteConnection EfConnection { get; }

    public BenchContext Ef { get; }

    public SQLite.SQLiteConnection SqliteNet { get; }

    public Block? DapperAotGet(string id) => DapperAotQueries.Get(AotConnection, id);

    public List<Block> DapperAotChildren(string parentId) => DapperAotQueries.Children(AotConnection, parentId);

    public Block? EfGet(string id) => EfQueries.Get(Ef, id);

    public List<Block> EfChildren(string parentId) => EfQueries.Children(Ef, parentId).ToList();

    public SqliteNetBlock? SqliteNetGet(string id) => SqliteNet.FindWithQuery<SqliteNetBlock>(Sql.Get, id);

    public List<SqliteNetBlock> SqliteNetChildren(string parentId) => SqliteNet.Query<SqliteNetBlock>(Sql.Children, parentId);

    public void Dispose()
    {
        Ef.Dispose();
        EfConnection.Dispose();
        AotConnection.Dispose();
        SqliteNet.Dispose();
    }
}

/// <summary>The same SQL and calls as the Dapper strategy, intercepted at build time by Dapper.AOT.</summary>
[DapperAot]
internal static class DapperAotQueries
{
    public static Block? Get(SqliteConnection connection, string id) =>
        connection.QueryFirstOrDefault<Block>(Sql.Get, new { id });

    public static List<Block> Children(SqliteConnection connection, string parentId) =>
        connection.Query<Block>(Sql.Children, new { parentId }).AsList();
}

/// <summary>EF Core's fastest read path: queries compiled once, no change tracking.</summary>
internal static class EfQueries
{
    public static readonly Func<BenchContext, string, Block?> Get =
        EF.CompileQuery((BenchContext c, string id) => c.Blocks.AsNoTracking().FirstOrDefault(b => b.Id == id));

    public static readonly Func<BenchContext, string, IEnumerable<Block>> Children =
        EF.CompileQuery<BenchContext, string, Block>((c, parentId) =>
            c.Blocks.AsNoTracking().Where(b => b.ParentId == parentId).OrderBy(b => b.SortKey));
}

/// <summary>The blocks table, mapped onto the shared <see cref="Block"/> record.</summary>
public sealed class BenchContext(DbContextOptions<BenchContext> options) : DbContext(options)
{
    public DbSet<Block> Blocks => Set<Block>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        var block = modelBuilder.Entity<Block>();
        block.ToTable("blocks");
        block.HasKey(b => b.Id);
        block.Property(b => b.Id).HasColumnName("id");
        block.Property(b => b.ParentId).HasColumnName("parent_id");
        block.Property(b => b.Content).HasColumnName("content");
        block.Property(b => b.SortKey).HasColumnName("sort_key");
    }
}

/// <summary>sqlite-net maps rows onto classes with settable properties, so it gets its own row type.</summary>
public sealed class SqliteNetBlock
{
    [SQLite.Column("id")]
    public string Id { get; set; } = "";

    [SQLite.Column("parent_id")]
    public string? ParentId { get; set; }

    [SQLite.Column("content")]
    public string Content { get; set; } = "";

    [SQLite.Column("sort_key")]
    public long SortKey { get; set; }
}
