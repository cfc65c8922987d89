using Holon.Tests.Shared;
using Holon.Data.Npgsql.Child;

namespace Holon.Data.Npgsql.Tests;

/// <summary>
/// Two processes migrate the same fresh schema at once, ten rounds: both succeed, every version is applied by exactly
/// one of them, and every migration body ran once (runs has no key, so a second run would show).
/// </summary>
public sealed class MigrationProcessTests(PgFixture pg)
{
    [Fact]
    public async Task Two_processes_ten_rounds_apply_each_version_exactly_once()
    {
        pg.Require();
        var ct = TestContext.Current.CancellationToken;
        for (int round = 0; round < 10; round++)
        {
            await using var s = await TempSchema.CreateAsync(pg, ct);
            var a = ChildProcess.Start("Holon.Data.Npgsql.Child", "migrate", s.ConnectionString);
            var b = ChildProcess.Start("Holon.Data.Npgsql.Child", "migrate", s.ConnectionString);
            var (codeA, outA, errA) = await ChildProcess.FinishAsync(a, ct);
            var (codeB, outB, errB) = await ChildProcess.FinishAsync(b, ct);
            Assert.True(codeA == 0, $"round {round}: child A exited {codeA}: {errA}");
            Assert.True(codeB == 0, $"round {round}: child B exited {codeB}: {errB}");
            Assert.Contains($"version {ChildMigrations.Latest}", outA, StringComparison.Ordinal);
            Assert.Contains($"version {ChildMigrations.Latest}", outB, StringComparison.Ordinal);

            var applied = Applied(outA).Concat(Applied(outB)).Order().ToArray();
            Assert.Equal(Enumerable.Range(1, ChildMigrations.Latest), applied); // disjoint, and together all of them
            Assert.Equal("1,2,3,4,5", await s.ScalarAsync<string>("SELECT string_agg(version::text, ',' ORDER BY version) FROM runs", ct));
            Assert.Equal("1,2,3,4,5", await s.ScalarAsync<string>("SELECT string_agg(version::text, ',' ORDER BY version) FROM holon_migrations", ct));
            Assert.Equal(1L, await s.ScalarAsync<long>("SELECT t1_count()", ct));
        }
    }

    static IEnumerable<int> Applied(string output)
    {
        var line = output.Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith("applied", StringComparison.Ordinal));
        return line["applied".Length..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(int.Parse);
    }
}
