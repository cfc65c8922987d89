using System.Diagnostics;
using Holon.Verification;
using SQLitePCL;

namespace Holon.Gen.Benchmarks;

/// <summary>
/// Cost of compile-time schema verification, on the code the generator runs (StatementChecker, linked):
/// build the schema from migrations in an in-memory database and prepare/check 500 statements; then re-check one
/// edited statement against the open schema. Cold = first pass in a fresh process (JIT included).
///   dotnet run -c Release --project tests/Holon.Gen.Benchmarks -- --schema
/// </summary>
internal static class SchemaVerificationHarness
{
    private const int Tables = 50;
    private const int Statements = 500;

    public static int Run()
    {
        Batteries_V2.Init();
        var migrations = Migrations();
        var statements = Enumerable.Range(0, Statements).Select(Statement).ToList();

        // Wall time and this process's CPU time: the machine is shared, and CPU time is what the work costs.
        var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
        var cold = Stopwatch.StartNew();
        using (var db = Build(migrations))
        {
            double schemaMs = cold.Elapsed.TotalMilliseconds;
            int findings = CheckAll(db, statements);
            cold.Stop();
            var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu0;
            Console.WriteLine($"  cold: schema built in {schemaMs:F1} ms; total wall {cold.Elapsed.TotalMilliseconds:F1} ms, process CPU {cpu.TotalMilliseconds:F1} ms");
            if (findings != 0) throw new InvalidOperationException($"expected a clean run, got {findings} findings");
        }

        var warmCpu0 = Process.GetCurrentProcess().TotalProcessorTime;
        var warm = new List<double>();
        var single = new List<double>();
        for (int round = 0; round < 30; round++)
        {
            var sw = Stopwatch.StartNew();
            using var db = Build(migrations);
            CheckAll(db, statements);
            warm.Add(sw.Elapsed.TotalMilliseconds);

            // One edited statement against the open schema, as the incremental pipeline re-runs it.
            var edited = statements[round * 7 % Statements] with { Sql = statements[round * 7 % Statements].Sql + " LIMIT " + (round + 1) };
            sw.Restart();
            StatementChecker.Check(db, edited.Method, edited.Sql, edited.ByName, edited.Members);
            single.Add(sw.Elapsed.TotalMilliseconds);
        }

        double cpuPerRound = (Process.GetCurrentProcess().TotalProcessorTime - warmCpu0).TotalMilliseconds / 30;
        Console.WriteLine($"  warm: process CPU per round (full pass + one edit): {cpuPerRound:F1} ms");
        warm.Sort();
        single.Sort();
        Console.WriteLine($"schema verification, {Statements} statements over {Tables} tables (SQLite {raw.sqlite3_libversion().utf8_to_string()}):");
        Console.WriteLine($"  cold (fresh process, JIT, schema + all statements): {cold.Elapsed.TotalMilliseconds:F1} ms   target <= 100 ms");
        Console.WriteLine($"  warm full pass (schema + all statements), median of 30: {warm[15]:F2} ms (min {warm[0]:F2}, max {warm[^1]:F2})");
        Console.WriteLine($"  one edited statement re-verified, median of 30: {single[15] * 1000:F0} us (max {single[^1] * 1000:F0} us)   target <= 5 ms");
        return 0;
    }

    private sealed record Item(string Method, string Sql, bool ByName, IReadOnlyList<MemberSpec> Members);

    private static List<string> Migrations()
    {
        var files = new List<string>();
        for (int t = 0; t < Tables; t++)
        {
            files.Add($"""
                CREATE TABLE t{t} (id INTEGER PRIMARY KEY, name TEXT NOT NULL, note TEXT, amount REAL NOT NULL, created TEXT NOT NULL, parent_id INTEGER);
                CREATE INDEX t{t}_by_parent ON t{t} (parent_id);
                """);
        }
        return files;
    }

    private static Item Statement(int i)
    {
        int t = i % Tables;
        int other = (t + 1) % Tables;
        var row = new MemberSpec[]
        {
            new("Id", "long", "Int64", false, true), new("Name", "string", "String", false, true), new("Note", "string?", "String", true, true),
            new("Amount", "double", "Double", false, true), new("Created", "System.DateTime", "DateTime", false, true),
        };
        return (i % 5) switch
        {
            0 => new Item($"S{i}.Get", $"SELECT id, name, note, amount, created FROM t{t} WHERE id = @id", true, row),
            1 => new Item($"S{i}.Children", $"SELECT id, name, note, amount, created FROM t{t} WHERE parent_id = @parent ORDER BY name", true, row),
            2 => new Item($"S{i}.Joined", $"SELECT a.id, a.name, b.note, a.amount, a.created FROM t{t} a LEFT JOIN t{other} b ON b.id = a.parent_id WHERE a.id > @min", true, row),
            3 => new Item($"S{i}.Count", $"SELECT count(*) FROM t{t} WHERE amount > @min", false, [new MemberSpec("", "long", "Int64", false, true)]),
            _ => new Item($"S{i}.Rename", $"UPDATE t{t} SET name = @name WHERE id = @id", false, []),
        };
    }

    private static sqlite3 Build(List<string> migrations)
    {
        raw.sqlite3_open_v2(":memory:", out sqlite3 db, raw.SQLITE_OPEN_READWRITE | raw.SQLITE_OPEN_CREATE | raw.SQLITE_OPEN_FULLMUTEX, null);
        foreach (var sql in migrations)
        {
            if (raw.sqlite3_exec(db, sql) != raw.SQLITE_OK) throw new InvalidOperationException(raw.sqlite3_errmsg(db).utf8_to_string());
        }
        return db;
    }

    private static int CheckAll(sqlite3 db, List<Item> statements)
    {
        int findings = 0;
        foreach (var s in statements) findings += StatementChecker.Check(db, s.Method, s.Sql, s.ByName, s.Members).Count;
        return findings;
    }
}
