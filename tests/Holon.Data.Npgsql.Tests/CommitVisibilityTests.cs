using Holon.Data.Npgsql.Watching;
using Npgsql;

namespace Holon.Data.Npgsql.Tests;

/// <summary>
/// A watch refresh waits until the triggering commit is visible to new snapshots on its server: the snapshot test
/// of a 32-bit transaction id, and the wait against a transaction really open and then committed.
/// </summary>
public sealed class CommitVisibilityTests(PgFixture pg)
{
    [Theory]
    [InlineData("100:105:101,103", 102u, true)]
    [InlineData("100:105:101,103", 101u, false)]   // in progress
    [InlineData("100:105:101,103", 104u, true)]
    [InlineData("100:105:101,103", 105u, false)]   // xmax: not yet completed
    [InlineData("100:105:101,103", 106u, false)]
    [InlineData("100:105:", 99u, true)]            // before xmin
    [InlineData("100:100:", 100u, false)]
    // Across a 32-bit wrap: xmin 2^32-6, xmax 2^32+5.
    [InlineData("4294967290:4294967301:4294967294", 4294967294u, false)]
    [InlineData("4294967290:4294967301:4294967294", 4294967293u, true)]
    [InlineData("4294967290:4294967301:4294967298", 2u, false)]
    [InlineData("4294967290:4294967301:4294967298", 3u, true)]
    [InlineData("4294967290:4294967301:", 5u, false)]
    public void A_transaction_id_is_completed_when_the_snapshot_says_so(string snapshot, uint xid, bool completed) =>
        Assert.Equal(completed, CommitVisibility.IsCompleted(snapshot, xid));

    [Fact]
    public async Task The_wait_ends_once_the_transaction_has_committed()
    {
        pg.Require();
        var ct = TestContext.Current.CancellationToken;
        await using var writer = await pg.Primary.OpenConnectionAsync(ct);
        await using var tx = await writer.BeginTransactionAsync(ct);
        await using var idCommand = new NpgsqlCommand("SELECT pg_current_xact_id()::text", writer, tx);
        uint xid = unchecked((uint)ulong.Parse((string)(await idCommand.ExecuteScalarAsync(ct))!));

        await using var reader = await pg.Primary.OpenConnectionAsync(ct);
        // Open: the wait runs to its bound and says it waited.
        Assert.True(await CommitVisibility.WaitAsync(reader, xid, TimeSpan.FromMilliseconds(50), ct));
        await tx.CommitAsync(ct);
        // Committed: visible at once, no wait.
        Assert.False(await CommitVisibility.WaitAsync(reader, xid, TimeSpan.FromSeconds(30), ct));
    }
}
