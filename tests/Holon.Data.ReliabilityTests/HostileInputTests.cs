using System.Diagnostics;
using Holon.Data.ReliabilityTests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace Holon.Data.ReliabilityTests;

/// <summary>
/// Promise 13: hostile strings bound through generated methods round-trip unchanged and never touch the schema;
/// invalid arguments and out-of-range values get clear exceptions.
/// </summary>
public sealed class HostileInputTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    internal static async Task<SqlitePool> CreateAsync(TempDatabase db, int maxReaders = 2)
    {
        var pool = new SqlitePool(db.Options(maxReaders));
        await pool.WriteAsync(l =>
        {
            using var cmd = l.Connection.CreateCommand();
            cmd.CommandText = HostileStore.Schema;
            cmd.ExecuteNonQuery();
            return default;
        }, Ct);
        return pool;
    }

    internal static List<string> SchemaRows(ConnectionLease lease)
        => lease.Query("SELECT type || ' ' || name || ' ' || coalesce(sql, '') FROM sqlite_schema ORDER BY type, name", s => s.GetString(0));

    [Fact(Timeout = 300_000)]
    public async Task HostileStringsRoundTripUnchangedThroughGeneratedMethods()
    {
        int count = ReliabilityMode.Pick(10_000, 100_000);
        int megabytes = ReliabilityMode.Pick(3, 12);
        var strings = HostileStrings.Create(count, megabytes);
        using var db = new TempDatabase();
        await using var pool = await CreateAsync(db);
        var store = new HostileStore(pool);
        var schemaBefore = await pool.ReadAsync(l => ValueTask.FromResult(SchemaRows(l)), Ct);
        var sw = Stopwatch.StartNew();

        // Three binding paths: a caller's lease inside one transaction, a rented writer per call, a record's members.
        await pool.WriteAsync(l =>
        {
            for (int i = 0; i < strings.Count; i++)
            {
                if (i % 10 >= 2) Assert.Equal(1, store.Insert(l, i, strings[i]));
            }

            return default;
        }, Ct);
        for (int i = 0; i < strings.Count; i++)
        {
            if (i % 10 == 0) Assert.Equal(1, await store.InsertAsync(i, strings[i], Ct));
            else if (i % 10 == 1) Assert.Equal(1, store.InsertNote(new Note(i, strings[i])));
        }

        double writeSeconds = sw.Elapsed.TotalSeconds;

        var mismatches = new List<string>();
        await pool.ReadAsync(async l =>
        {
            for (int i = 0; i < strings.Count; i++)
            {
                string? back = i % 10 == 0 ? (await store.GetAsync(i, Ct))?.Body : store.GetBody(l, i);
                if (!string.Equals(back, strings[i], StringComparison.Ordinal) && mismatches.Count < 20)
                {
                    mismatches.Add($"#{i} wrote {HostileStrings.Describe(strings[i])} read {(back is null ? "null" : HostileStrings.Describe(back))}");
                }
            }

            // Hostile strings as a WHERE parameter find exactly the rows that hold them.
            var expected = new Dictionary<string, List<long>>(StringComparer.Ordinal);
            for (int i = 0; i < strings.Count; i++)
            {
                if (!expected.TryGetValue(strings[i], out var ids)) expected[strings[i]] = ids = [];
                ids.Add(i);
            }

            for (int i = 0; i < Math.Min(strings.Count, 2_000); i++)
            {
                var found = store.FindIds(l, strings[i]);
                if (!found.SequenceEqual(expected[strings[i]]) && mismatches.Count < 20)
                {
                    mismatches.Add($"lookup by #{i} {HostileStrings.Describe(strings[i])} found [{string.Join(",", found.Take(5))}] expected [{string.Join(",", expected[strings[i]].Take(5))}]");
                }
            }
        }, Ct);

        Figures.Record("hostile strings", $"{strings.Count} strings ({megabytes} of 1 Mi chars, {strings.Count(HostileStrings.HasLoneSurrogate)} with lone surrogates) written in {writeSeconds:0.00} s, total {sw.Elapsed.TotalSeconds:0.00} s, {mismatches.Count} mismatches");
        Assert.True(mismatches.Count == 0, "strings changed on the way:\n" + string.Join("\n", mismatches));

        var schemaAfter = await pool.ReadAsync(l => ValueTask.FromResult(SchemaRows(l)), Ct);
        Assert.Equal(schemaBefore, schemaAfter);
        Assert.Equal(strings.Count, store.CountNotes());
        await pool.ReadAsync(l =>
        {
            Assert.Equal("still here", l.Scalar<string>("SELECT word FROM canary WHERE id = 1"));
            Assert.Equal("ok", l.Scalar<string>("PRAGMA integrity_check"));
            return default;
        }, Ct);
        Assert.False(File.Exists("/tmp/evil.db"));
    }

    [Fact(Timeout = 60_000)]
    public async Task WellFormedTextWrittenByGeneratedCodeReadsBackWithMicrosoftDataSqlite()
    {
        var strings = HostileStrings.Create(2_000, 1).Where(s => !HostileStrings.HasLoneSurrogate(s)).ToList();
        using var db = new TempDatabase();
        await using (var pool = await CreateAsync(db))
        {
            var store = new HostileStore(pool);
            await pool.WriteAsync(l =>
            {
                for (int i = 0; i < strings.Count; i++) store.Insert(l, i, strings[i]);
                return default;
            }, Ct);
        }

        using var plain = db.OpenPlain();
        using var cmd = plain.CreateCommand();
        cmd.CommandText = "SELECT id, body FROM notes ORDER BY id";
        using var reader = cmd.ExecuteReader();
        int n = 0;
        while (reader.Read())
        {
            int id = reader.GetInt32(0);
            Assert.True(string.Equals(strings[id], reader.GetString(1), StringComparison.Ordinal), $"#{id} {HostileStrings.Describe(strings[id])}");
            n++;
        }

        Assert.Equal(strings.Count, n);
    }

    [Fact(Timeout = 30_000)]
    public async Task NullForANonNullableParameterIsAClearArgumentError()
    {
        using var db = new TempDatabase();
        await using var pool = await CreateAsync(db);
        var store = new HostileStore(pool);

        var direct = await Assert.ThrowsAnyAsync<ArgumentNullException>(() => store.InsertAsync(1, null!, Ct).AsTask());
        Assert.Equal("body", direct.ParamName);

        var member = Assert.ThrowsAny<ArgumentException>(() => store.InsertNote(new Note(2, null!)));
        Assert.Contains("Body", member.Message, StringComparison.Ordinal);

        // Nothing was written, and the writer is fine.
        Assert.Equal(0, store.CountNotes());
        Assert.Equal(1, await store.InsertAsync(3, "fine", Ct));
        Assert.Equal(1, store.CountNotes());
    }

    [Fact(Timeout = 30_000)]
    public async Task ValuesOutOfRangeForTheClrTypeAreClearErrors()
    {
        using var db = new TempDatabase();
        await using var pool = await CreateAsync(db, maxReaders: 1);
        var store = new HostileStore(pool);
        await pool.WriteAsync(l =>
        {
            l.Execute("INSERT INTO nums(id, v) VALUES (1, ?1)", 1L << 40);
            l.Execute("INSERT INTO nums(id, v) VALUES (2, 300)");
            l.Execute("INSERT INTO nums(id, v) VALUES (3, 7)");
            return default;
        }, Ct);

        var asInt = Assert.Throws<OverflowException>(() => store.GetInt(1));
        AssertNames(asInt, "v", "HostileStore.GetInt", "SELECT v FROM nums WHERE id = @id");

        var asByte = Assert.Throws<OverflowException>(() => store.GetByte(2));
        AssertNames(asByte, "v", "HostileStore.GetByte", "SELECT v FROM nums WHERE id = @id");

        var asMember = Assert.Throws<OverflowException>(() => store.GetNumber(1));
        AssertNames(asMember, "v", "HostileStore.GetNumber", "SELECT id, v FROM nums WHERE id = @id");

        // The reader that threw serves the next call, and values in range read fine.
        Assert.Equal(1L << 40, store.GetLong(1));
        Assert.Equal(7, store.GetInt(3));
        Assert.Equal(new NumberAsInt(3, 7), store.GetNumber(3));
        Assert.Equal(0, pool.Statistics.ConnectionsBroken);

        static void AssertNames(Exception e, string column, string method, string sql)
        {
            Assert.Contains(column, e.Message, StringComparison.Ordinal);
            Assert.Contains(method, e.Message, StringComparison.Ordinal);
            Assert.Contains(sql, e.Message, StringComparison.Ordinal);
        }
    }
}
