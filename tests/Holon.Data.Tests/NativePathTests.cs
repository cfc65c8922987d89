using System.Collections.Concurrent;
using Holon.Data.Internal.Native;
using Microsoft.Extensions.Logging;

namespace Holon.Data.Tests;

/// <summary>
/// Statements call SQLite directly (function pointers into the library SQLitePCLRaw loaded); where that path cannot
/// load they go through SQLitePCLRaw instead, say so in the pool's log, and give the same results. The fallback is
/// forced with <see cref="SqliteDirect.ForceFallback"/>; tests in this class run one at a time, and a statement
/// another test prepares meanwhile merely takes the other, equivalent path.
/// </summary>
public class NativePathTests
{
    private static readonly StatementDefinition Insert = new(
        "INSERT INTO t (id, txt, num, real, data) VALUES (@id, @txt, @num, @real, @data)", StatementKind.Command,
        ["@id", "@txt", "@num", "@real", "@data"], [], "Tests.NativePath.Insert");

    private static readonly StatementDefinition Select = new(
        "SELECT id, txt, num, real, data FROM t ORDER BY id", StatementKind.Query, [], ["Id", "Txt", "Num", "Real", "Data"], "Tests.NativePath.Select");

    private static readonly string[] Texts = ["", "plain", "é 漢字 😀", "a\uD800b\uDC00c\uD83D\uDE00d\uDFFF", "\uFFFD", new string('x', 5000) + "\uD800"];

    [Fact]
    public void TheDirectPathLoadsAndCallsTheSameSqliteAsSqlitePclRaw()
    {
        Assert.True(SqliteDirect.IsAvailable, SqliteDirect.UnavailableReason);
        // Find accepts a library only when its sqlite3_libversion() is SQLitePCLRaw's very string (same instance).
        Assert.NotNull(SqliteLibrary.Find());
        using var db = new TempDb();
        using var pool = new SqlitePool(db.Options());
        var ct = TestContext.Current.CancellationToken;
        using var w = pool.RentWriter(ct);
        w.ExecuteScript("CREATE TABLE t (id INTEGER PRIMARY KEY, txt TEXT)");
        using (var s = w.Statement("INSERT INTO t VALUES (1, ?1)", ct))
        {
            Assert.True(s.UsesDirectPath);
            s.BindText(0, "written directly");
            Assert.False(s.Step());
        }

        // Microsoft.Data.Sqlite on the same connection sees the row, and the connection's change count moved.
        using var cmd = w.Connection.CreateCommand();
        cmd.CommandText = "SELECT txt FROM t WHERE id = 1";
        Assert.Equal("written directly", cmd.ExecuteScalar());
        Assert.Equal(1, SQLitePCL.raw.sqlite3_total_changes(w.Connection.Handle));
    }

    [Fact]
    public void TheFallbackLogsAndGivesTheSameResultsAsTheDirectPath()
    {
        var direct = RoundTrip(forceFallback: false, out var directLog);
        var fallback = RoundTrip(forceFallback: true, out var fallbackLog);

        Assert.Equal(direct, fallback);
        Assert.Equal(Texts.Length + 1, direct.Count);
        Assert.DoesNotContain(directLog, e => e.Contains("through SQLitePCLRaw", StringComparison.Ordinal));
        Assert.Contains(fallbackLog, e => e.Contains("through SQLitePCLRaw, not directly", StringComparison.Ordinal));
    }

    private static List<string> RoundTrip(bool forceFallback, out List<string> log)
    {
        var ct = TestContext.Current.CancellationToken;
        using var db = new TempDb();
        db.Exec("CREATE TABLE t (id INTEGER PRIMARY KEY, txt TEXT, num INTEGER, real REAL, data BLOB)");
        var logger = new ListLoggerFactory();
        var options = db.Options(maxReaders: 1);
        options.LoggerFactory = logger;
        var rows = new List<string>();
        SqliteDirect.ForceFallback = forceFallback;
        try
        {
            using var pool = new SqlitePool(options);
            using (var w = pool.RentWriter(ct))
            {
                for (int i = 0; i < Texts.Length; i++)
                {
                    using var s = w.Statement(Insert, ct);
                    Assert.Equal(!forceFallback, s.UsesDirectPath);
                    s.BindInt64(0, i);
                    s.BindText(1, Texts[i]);
                    s.BindInt64(2, long.MinValue + i);
                    s.BindDouble(3, i / 3.0);
                    s.BindBlob(4, i == 0 ? [] : new byte[i * 1000 + 1]);
                    Assert.False(s.Step());
                    Assert.Equal(1, s.Changes);
                }

                using var nulls = w.Statement(Insert, ct);
                nulls.BindInt64(0, 99);
                nulls.BindNull(1);
                nulls.BindNull(2);
                nulls.BindNull(3);
                nulls.BindNull(4);
                Assert.False(nulls.Step());
            }

            using var r = pool.RentReader(ct);
            using var q = r.Statement(Select, ct);
            while (q.Step()) rows.Add(Describe(q));
            Assert.Throws<InvalidCastException>(() => q.GetRequiredString(q.RequiredOrdinal(1), "Txt"));
        }
        finally
        {
            SqliteDirect.ForceFallback = false;
        }

        log = [.. logger.Entries];
        return rows;
    }

    private static string Describe(PreparedStatement q)
    {
        int txt = q.RequiredOrdinal(1), num = q.RequiredOrdinal(2), real = q.RequiredOrdinal(3), data = q.RequiredOrdinal(4);
        string? text = q.GetStringOrNull(txt);
        string hex = text is null ? "null" : Convert.ToHexString(System.Text.Encoding.Unicode.GetBytes(text));
        string blob = q.IsNull(data) ? "null" : $"{q.GetBlobSpan(data).Length}:{Convert.ToHexString(q.GetBlob(data))}";
        return $"{q.GetInt64(q.RequiredOrdinal(0))}|{hex}|{q.GetInt64OrNull(num)}|{q.GetDoubleOrNull(real):R}|{blob}";
    }

    private sealed class ListLoggerFactory : ILoggerFactory
    {
        public ConcurrentQueue<string> Entries { get; } = new();

        public void AddProvider(ILoggerProvider provider) { }

        public ILogger CreateLogger(string categoryName) => new ListLogger(this);

        public void Dispose() { }

        private sealed class ListLogger(ListLoggerFactory owner) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
                => owner.Entries.Enqueue(formatter(state, exception));
        }
    }
}
