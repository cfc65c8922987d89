using Holon.Tests.Shared;
namespace Holon.Data.Npgsql.Tests;

/// <summary>A process holding a feed is killed: the server drops its temporary slot, so no WAL is held for it.</summary>
public sealed class SlotCleanupTests(PgFixture pg)
{
    [Fact]
    public async Task A_killed_process_leaves_no_replication_slot()
    {
        pg.Require();
        var ct = TestContext.Current.CancellationToken;
        await using var s = await TempSchema.CreateAsync(pg, ct);
        string publication = "pub_" + s.Name;
        await s.ExecuteAsync($"CREATE TABLE items(id int PRIMARY KEY); CREATE PUBLICATION {publication} FOR TABLE items", ct);
        s.OnDispose($"DROP PUBLICATION IF EXISTS {publication}");

        using var child = ChildProcess.Start("Holon.Data.Npgsql.Child", "feed", s.ConnectionString, publication);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(TimeSpan.FromMinutes(2));
        string? line = await child.StandardOutput.ReadLineAsync(deadline.Token);
        Assert.True(line is not null && line.StartsWith("slot holon_", StringComparison.Ordinal),
            $"the child said '{line}': {(child.HasExited ? await child.StandardError.ReadToEndAsync(ct) : "")}");
        string slot = line["slot ".Length..];
        Assert.Equal(1L, await s.ScalarAsync<long>($"SELECT count(*) FROM pg_replication_slots WHERE slot_name = '{slot}' AND temporary", ct));

        child.Kill(entireProcessTree: true);
        await child.WaitForExitAsync(deadline.Token);
        await WaitUntilGoneAsync(s, slot, ct);
    }

    /// <summary>The server drops a temporary slot when it notices its connection ended; waits for that, 60 s at most.</summary>
    internal static async Task WaitUntilGoneAsync(TempSchema s, string slot, CancellationToken ct)
    {
        var until = DateTime.UtcNow.AddSeconds(60);
        while (await s.ScalarAsync<long>($"SELECT count(*) FROM pg_replication_slots WHERE slot_name = '{slot}'", ct) > 0)
        {
            Assert.True(DateTime.UtcNow < until, $"slot {slot} still exists 60 s after its connection ended");
            await Task.Delay(50, ct);
        }
    }
}
