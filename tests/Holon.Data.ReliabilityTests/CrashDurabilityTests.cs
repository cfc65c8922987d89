using Holon.Tests.Shared;
using System.Diagnostics;
using System.Globalization;
using Holon.Data.ReliabilityTests.Infrastructure;

namespace Holon.Data.ReliabilityTests;

/// <summary>
/// Promise 11: a child process commits numbered transactions and acknowledges each; it is killed (SIGKILL)
/// at a random moment, again and again on the same file. After every kill every acknowledged commit is there,
/// commits are atomic (no gap, <c>head</c> matches the last row) and <c>integrity_check</c> is ok.
/// A process kill leaves the OS page cache intact, so this proves crash durability for
/// <c>synchronous=NORMAL</c> and FULL alike; only FULL also survives power loss, which no test here can cut.
/// </summary>
public sealed class CrashDurabilityTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory(Timeout = 900_000)]
    [InlineData("normal")]
    [InlineData("full")]
    public async Task EveryAcknowledgedCommitSurvivesAKill(string synchronous)
    {
        // 20 kills of the default (NORMAL) in CI and 200 in the long mode; FULL gets a smaller share.
        int kills = synchronous == "normal" ? ReliabilityMode.Pick(20, 200) : ReliabilityMode.Pick(5, 50);
        using var db = new TempDatabase("crash.db");
        var rng = new Random(20261127 + synchronous.Length);
        long totalAcked = 0, lastHead = 0, committedUnacked = 0;
        var sw = Stopwatch.StartNew();

        for (int kill = 0; kill < kills; kill++)
        {
            var acked = new List<long>();
            using var child = StartChild(db.DbPath, synchronous, rng.Next());
            Task reading;
            try
            {
                string? ready = await child.StandardOutput.ReadLineAsync(Ct).AsTask().Within(TimeSpan.FromSeconds(30), "the child's ready line");
                Assert.True(ready is not null && ready.StartsWith("ready ", StringComparison.Ordinal), $"kill {kill}: child said '{ready}'");
                // The child starts from what the last verification saw.
                Assert.Equal(lastHead, long.Parse(ready.AsSpan(6), CultureInfo.InvariantCulture));

                // Collect acknowledgements until the pipe closes; lines still in the pipe at the kill count too.
                reading = Task.Run(async () =>
                {
                    while (await child.StandardOutput.ReadLineAsync(Ct) is { } line) acked.Add(long.Parse(line, CultureInfo.InvariantCulture));
                }, Ct);
                await Task.Delay(rng.Next(1, 250), Ct);
            }
            finally
            {
                child.Kill(entireProcessTree: true);
            }

            await child.WaitForExitAsync(Ct).Within(TimeSpan.FromSeconds(30), "the killed child to exit");
            await reading.Within(TimeSpan.FromSeconds(30), "the end of the child's output");

            // Verify with plain Microsoft.Data.Sqlite, outside the pool: recovery from the WAL happens here.
            using (var plain = db.OpenPlain())
            {
                Assert.Equal("ok", TempDatabase.IntegrityCheck(plain));
                using var cmd = plain.CreateCommand();
                cmd.CommandText = "SELECT (SELECT n FROM head WHERE id = 1), (SELECT count(*) FROM commits), (SELECT coalesce(max(n), 0) FROM commits)";
                using var r = cmd.ExecuteReader();
                Assert.True(r.Read());
                long head = r.GetInt64(0), count = r.GetInt64(1), max = r.GetInt64(2);

                // The acknowledgements are the consecutive numbers after the previous head.
                for (int i = 0; i < acked.Count; i++) Assert.Equal(lastHead + 1 + i, acked[i]);
                long maxAcked = acked.Count == 0 ? lastHead : acked[^1];

                // Every acknowledged commit is present; commits are atomic (head and the last row moved
                // together) and sequential (1..head without a gap).
                Assert.True(head >= maxAcked, $"kill {kill} ({synchronous}): acknowledged up to {maxAcked} but the database holds only {head}");
                Assert.Equal(head, max);
                Assert.Equal(head, count);

                // At most one commit beyond the last ack: committed, then killed before it printed.
                Assert.True(head - maxAcked <= 1, $"kill {kill}: {head - maxAcked} commits beyond the last acknowledgement");
                committedUnacked += head - maxAcked;
                totalAcked += acked.Count;
                lastHead = head;
            }
        }

        Figures.Record($"crash durability (synchronous={synchronous})",
            $"{kills} SIGKILLs, {totalAcked} acknowledged commits all present, {committedUnacked} kills landed between commit and ack, integrity ok every time, {sw.Elapsed.TotalSeconds:0.0} s");
    }

    private static Process StartChild(string dbPath, string synchronous, int seed)
        => ChildProcess.Start("Holon.Data.CrashChild", dbPath, synchronous, seed.ToString(CultureInfo.InvariantCulture));
}
