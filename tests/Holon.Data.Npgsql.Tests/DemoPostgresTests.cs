using Holon.Tests.Shared;

namespace Holon.Data.Npgsql.Tests;

/// <summary>
/// The demo's --postgres mode, as docs/postgresql.md promises it: the same workload on PostgreSQL through a generated
/// store, with the generated [Watch] as its live query, ending with the SQLite run's content hash.
/// </summary>
public sealed class DemoPostgresTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]   // primary and standby in one multi-host connection string: queries and watch refreshes on the standby
    public async Task The_demo_on_PostgreSQL_has_live_queries_and_the_SQLite_content_hash(bool multiHost)
    {
        PgEnvironment.Current.Require();
        string target = multiHost ? MultiHost(PgEnvironment.Current.Primary!, PgEnvironment.Current.Standby!) : PgEnvironment.Current.Primary!;
        var ct = TestContext.Current.CancellationToken;
        string dir = Directory.CreateTempSubdirectory("holon-demo-").FullName;
        try
        {
            var demo = ChildProcess.Start("Holon.Demo", "--blocks", "600", "--db", Path.Combine(dir, "demo.db"),
                "--postgres", target);
            var (code, output, error) = await ChildProcess.FinishAsync(demo, ct);
            Assert.True(code == 0, $"the demo exited {code}:\n{output}\n{error}");
            var hashes = output.Split('\n').Select(l => System.Text.RegularExpressions.Regex.Match(l, "sha256 ([0-9a-f]{64})"))
                .Where(m => m.Success).Select(m => m.Groups[1].Value).Distinct().ToArray();
            Assert.Single(hashes);   // SQLite's runs and PostgreSQL's hash the same rows
            Assert.Contains("PostgreSQL live query ([Watch] over logical replication)", output, StringComparison.Ordinal);
            Assert.Contains("PostgreSQL holds the same rows as both SQLite databases.", output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static string MultiHost(string primary, string standby)
    {
        var p = new global::Npgsql.NpgsqlConnectionStringBuilder(primary);
        var s = new global::Npgsql.NpgsqlConnectionStringBuilder(standby);
        p.Host = p.Host + ":" + p.Port + "," + s.Host + ":" + s.Port;
        return p.ConnectionString;
    }
}
