using BenchmarkDotNet.Attributes;
using Microsoft.Data.Sqlite;
using Holon.Data;

namespace Holon.Gen.Benchmarks;

/// <summary>Every strategy, opened on one fresh 10,000-block database.</summary>
public sealed class Strategies : IDisposable
{
    private Strategies(BenchDatabase db)
    {
        Db = db;
        Pool = new SqlitePool(new SqlitePoolOptions { ConnectionString = db.ConnectionString(pooling: false), MaxReaders = 2 });
        Store = new BenchStore(Pool);
        Raw = [new RawStatements(db.Path), new RawStatements(db.Path)];
        Cached = [new CachedCommands(db.ConnectionString(pooling: false)), new CachedCommands(db.ConnectionString(pooling: false))];
        DapperConnection = new SqliteConnection(db.ConnectionString(pooling: false));
        DapperConnection.Open();
        using var pragma = DapperConnection.CreateCommand();
        pragma.CommandText = "PRAGMA synchronous=NORMAL";
        pragma.ExecuteNonQuery();
        NoPool = db.ConnectionString(pooling: false);
        Pooled = db.ConnectionString(pooling: true);
        Peers = new Peers(db);
    }

    /// <summary>Dapper.AOT, EF Core (compiled, no tracking) and sqlite-net, for the table mode.</summary>
    public Peers Peers { get; }

    public BenchDatabase Db { get; }

    public SqlitePool Pool { get; }

    public BenchStore Store { get; }

    /// <summary>Two floor connections, so each of two threads has its own.</summary>
    public RawStatements[] Raw { get; }

    public CachedCommands[] Cached { get; }

    public SqliteConnection DapperConnection { get; }

    public string NoPool { get; }

    public string Pooled { get; }

    public static Strategies Create()
    {
        global::Dapper.DefaultTypeMap.MatchNamesWithUnderscores = true;
        return new Strategies(BenchDatabase.Create());
    }

    public void Dispose()
    {
        Pool.Dispose();
        foreach (var r in Raw) r.Dispose();
        foreach (var c in Cached) c.Dispose();
        DapperConnection.Dispose();
        Peers.Dispose();
        Db.Dispose();
    }
}

/// <summary>Each scenario gets a fresh database and every strategy, once per benchmark case.</summary>
[MemoryDiagnoser]
public abstract class Scenario
{
    protected Strategies S { get; private set; } = null!;

    [GlobalSetup]
    public void Setup() => S = Strategies.Create();

    [GlobalCleanup]
    public void Cleanup() => S.Dispose();
}
