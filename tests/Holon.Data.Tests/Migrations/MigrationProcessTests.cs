using System.Diagnostics;
using Holon.Tests.Shared;
using Microsoft.Data.Sqlite;

namespace Holon.Data.Tests.Migrations;

/// <summary>
/// Two processes migrate the same fresh file at once, ten rounds: both succeed and each version is applied once.
/// The child (tests/Holon.Data.MigrationChild) gets its migrations from its Migrations/ folder through the build props.
/// </summary>
public sealed class MigrationProcessTests
{
    private const int Latest = 6;

    [Fact]
    public async Task TwoProcesses_TenRounds_FreshFile_EachVersionAppliedOnce()
    {
        var ct = TestContext.Current.CancellationToken;
        for (int round = 0; round < 10; round++)
        {
            using var db = new TempDb();
            // Alternate the two entry points: the first rent with SqlitePoolOptions.Migrations, and SqlitePool.Migrate.
            string modeA = round % 2 == 0 ? "migrate" : "options";
            string modeB = round % 3 == 0 ? "migrate" : "options";
            var a = Start(db.DbPath, modeA);
            var b = Start(db.DbPath, modeB);
            var (codeA, outA, errA) = await ChildProcess.FinishAsync(a, ct);
            var (codeB, outB, errB) = await ChildProcess.FinishAsync(b, ct);

            Assert.True(codeA == 0, $"round {round}: child A ({modeA}) exited {codeA}: {errA}");
            Assert.True(codeB == 0, $"round {round}: child B ({modeB}) exited {codeB}: {errB}");
            Assert.Contains($"version {Latest}", outA, StringComparison.Ordinal);
            Assert.Contains($"version {Latest}", outB, StringComparison.Ordinal);

            using var c = new SqliteConnection(db.ConnectionString + ";Pooling=False");
            c.Open();
            Assert.Equal(Latest, Scalar(c, "PRAGMA user_version"));
            // Each migration body inserted one row into runs: exactly once per version.
            Assert.Equal(Latest, Scalar(c, "SELECT count(*) FROM runs"));
            Assert.Equal(Latest, Scalar(c, "SELECT count(DISTINCT version) FROM runs"));
            Assert.Equal(Latest, Scalar(c, "SELECT count(*) FROM holon_migrations"));
            Assert.Equal(1, Scalar(c, "SELECT count(*) FROM t6"));
        }
    }

    private static long Scalar(SqliteConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        return (long)cmd.ExecuteScalar()!;
    }

    private static Process Start(string dbPath, string mode) => ChildProcess.Start("Holon.Data.MigrationChild", dbPath, mode);
}
