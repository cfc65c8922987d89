using Npgsql;

namespace Holon.Data.Npgsql.Tests;

/// <summary>NpgsqlChangeFeed against the real primary (wal_level = logical, .ci/pg); each test has its schema and publication.</summary>
public sealed class ChangeFeedTests(PgFixture pg)
{
    static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Inserts_updates_and_deletes_arrive_in_commit_order_with_table_operation_and_key()
    {
        pg.Require();
        var ct = TestContext.Current.CancellationToken;
        await using var s = await TempSchema.CreateAsync(pg, ct);
        await s.ExecuteAsync("CREATE TABLE items(id int PRIMARY KEY, name text); CREATE TABLE pairs(a int, b text, note text, PRIMARY KEY (b, a));", ct);
        await using var feed = await StartAsync(s, ["items", "pairs"], ct);
        await using var changes = Subscribe(feed, ct, out var cts);

        await s.ExecuteAsync("INSERT INTO items VALUES (1, 'one'), (2, 'two')", ct);
        await s.ExecuteAsync("UPDATE items SET name = 'uno' WHERE id = 1", ct);
        await s.ExecuteAsync("UPDATE items SET id = 20 WHERE id = 2", ct);
        await s.ExecuteAsync("DELETE FROM items WHERE id = 1", ct);
        await s.ExecuteAsync("INSERT INTO pairs VALUES (7, 'x', 'n')", ct);

        var sets = new List<NpgsqlChangeSet>();
        for (int i = 0; i < 5; i++) sets.Add(await NextAsync(changes));
        string items = s.Name + ".items";
        Assert.All(sets, x => Assert.Equal(ChangeSetKind.Commit, x.Kind));
        Assert.Equal(Enumerable.Range((int)sets[0].Sequence, 5).Select(x => (long)x), sets.Select(x => x.Sequence));
        Assert.True(sets.Zip(sets.Skip(1)).All(p => p.First.Lsn < p.Second.Lsn), string.Join("; ", sets));
        Assert.Equal(
            [
                $"{items} Insert id=1", $"{items} Insert id=2", "|",
                $"{items} Update id=1", "|",
                $"{items} Update id=20", "|",
                $"{items} Delete id=1", "|",
                $"{s.Name}.pairs Insert a,b=7,x", "|",
            ],
            sets.SelectMany(x => x.Rows.Select(r => $"{r.Schema}.{r.Table} {r.Operation} {string.Join(",", r.KeyColumns)}={string.Join(",", r.Key)}").Append("|")));
        Assert.Equal([items], sets[0].Tables);
        Assert.True(sets[0].Touches("items") && sets[0].Touches(items) && !sets[0].Touches("pairs") && !sets[0].Touches("tems"));
        cts.Dispose();
    }

    [Fact]
    public async Task A_rolled_back_transaction_produces_nothing()
    {
        pg.Require();
        var ct = TestContext.Current.CancellationToken;
        await using var s = await TempSchema.CreateAsync(pg, ct);
        await s.ExecuteAsync("CREATE TABLE items(id int PRIMARY KEY)", ct);
        await using var feed = await StartAsync(s, ["items"], ct);
        await using var changes = Subscribe(feed, ct, out var cts);

        await using (var c = await s.Source.OpenConnectionAsync(ct))
        {
            await using var tx = await c.BeginTransactionAsync(ct);
            await using var insert = new NpgsqlCommand("INSERT INTO items VALUES (1), (2)", c, tx);
            await insert.ExecuteNonQueryAsync(ct);
            await tx.RollbackAsync(ct);
        }

        await s.ExecuteAsync("INSERT INTO items VALUES (99)", ct); // committed after the rollback: the next item
        var next = await NextAsync(changes);
        Assert.Equal(["99"], next.Rows.Select(r => r.Key[0]));
        cts.Dispose();
    }

    [Fact]
    public async Task A_slow_subscriber_gets_the_missed_changes_marker_and_does_not_stall_others()
    {
        pg.Require();
        var ct = TestContext.Current.CancellationToken;
        await using var s = await TempSchema.CreateAsync(pg, ct);
        await s.ExecuteAsync("CREATE TABLE items(id int PRIMARY KEY)", ct);
        await using var feed = await StartAsync(s, ["items"], ct, capacity: 2);
        await using var slow = Subscribe(feed, ct, out var slowCts); // never read until the end
        await using var fast = Subscribe(feed, ct, out var fastCts);

        var fastSeen = new List<NpgsqlChangeSet>();
        for (int i = 1; i <= 6; i++)
        {
            await s.ExecuteAsync($"INSERT INTO items VALUES ({i})", ct);
            fastSeen.Add(await NextAsync(fast)); // each commit reaches the fast one while the slow one's buffer is full
        }

        Assert.Equal(["1", "2", "3", "4", "5", "6"], fastSeen.Select(x => x.Rows[0].Key[0]));
        Assert.Equal(1, feed.Overflows);
        var first = await NextAsync(slow);
        var second = await NextAsync(slow);
        var marker = await NextAsync(slow);
        Assert.Equal(["1", "2"], new[] { first, second }.Select(x => x.Rows[0].Key[0]));
        Assert.Equal(ChangeSetKind.MissedChanges, marker.Kind);
        Assert.Equal(fastSeen[^1].Sequence, marker.Sequence); // the last one dropped
        Assert.Equal(fastSeen[^1].Lsn, marker.Lsn);
        await s.ExecuteAsync("INSERT INTO items VALUES (7)", ct);
        Assert.Equal("7", (await NextAsync(slow)).Rows[0].Key[0]); // delivery resumes after the marker
        slowCts.Dispose();
        fastCts.Dispose();
    }

    [Fact]
    public async Task Many_subscribers_share_one_replication_connection_and_dispose_drops_the_slot()
    {
        pg.Require();
        var ct = TestContext.Current.CancellationToken;
        await using var s = await TempSchema.CreateAsync(pg, ct);
        await s.ExecuteAsync("CREATE TABLE items(id int PRIMARY KEY)", ct);
        var feed = await StartAsync(s, ["items"], ct);
        var subscribers = Enumerable.Range(0, 8).Select(i => Subscribe(feed, ct, out _)).ToList();
        Assert.Equal(8, feed.Subscribers);

        await s.ExecuteAsync("INSERT INTO items VALUES (5)", ct);
        foreach (var sub in subscribers) Assert.Equal("5", (await NextAsync(sub)).Rows[0].Key[0]);
        Assert.Equal(1L, await CountAsync(s, $"SELECT count(*) FROM pg_stat_replication WHERE application_name = '{feed.SlotName}'", ct));
        Assert.Equal(1L, await CountAsync(s, $"SELECT count(*) FROM pg_replication_slots WHERE slot_name = '{feed.SlotName}' AND temporary AND active", ct));

        await feed.DisposeAsync();
        foreach (var sub in subscribers) Assert.False(await sub.MoveNextAsync()); // streams end at dispose
        await SlotCleanupTests.WaitUntilGoneAsync(s, feed.SlotName, ct);
        foreach (var sub in subscribers) await sub.DisposeAsync();
    }

    [Fact]
    public async Task A_lost_replication_connection_ends_every_stream_with_the_error_after_its_buffered_items()
    {
        pg.Require();
        var ct = TestContext.Current.CancellationToken;
        await using var s = await TempSchema.CreateAsync(pg, ct);
        await s.ExecuteAsync("CREATE TABLE items(id int PRIMARY KEY)", ct);
        await using var feed = await StartAsync(s, ["items"], ct);
        await using var reader = Subscribe(feed, ct, out var readerCts);
        await using var idle = Subscribe(feed, ct, out var idleCts);
        await s.ExecuteAsync("INSERT INTO items VALUES (1)", ct);
        Assert.Equal("1", (await NextAsync(reader)).Rows[0].Key[0]); // received: idle has it buffered

        await s.ExecuteAsync($"SELECT pg_terminate_backend(pid) FROM pg_stat_replication WHERE application_name = '{feed.SlotName}'", ct);
        var e = await Assert.ThrowsAsync<InvalidOperationException>(async () => await reader.MoveNextAsync());
        Assert.Contains($"the replication connection of slot '{feed.SlotName}'", e.Message);
        Assert.Equal("1", (await NextAsync(idle)).Rows[0].Key[0]);
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await idle.MoveNextAsync());
        await Assert.ThrowsAsync<InvalidOperationException>(() => feed.Completion);
        await SlotCleanupTests.WaitUntilGoneAsync(s, feed.SlotName, ct);
        readerCts.Dispose();
        idleCts.Dispose();
    }

    [Fact]
    public async Task A_feed_whose_tables_stay_quiet_still_confirms_the_WAL_it_received()
    {
        pg.Require();
        var ct = TestContext.Current.CancellationToken;
        await using var s = await TempSchema.CreateAsync(pg, ct);
        await s.ExecuteAsync("CREATE TABLE items(id int PRIMARY KEY); CREATE TABLE other(id int PRIMARY KEY)", ct);
        await using var feed = await StartAsync(s, ["items"], ct);
        await s.ExecuteAsync("INSERT INTO other SELECT g FROM generate_series(1, 1000) g", ct); // not published
        string target = await s.ScalarAsync<string>("SELECT pg_current_wal_insert_lsn()::text", ct);

        // Otherwise the slot would keep every later WAL segment for as long as the feed runs.
        string sql = $"SELECT confirmed_flush_lsn >= '{target}'::pg_lsn FROM pg_replication_slots WHERE slot_name = '{feed.SlotName}'";
        var until = DateTime.UtcNow.AddSeconds(90);
        while (!await s.ScalarAsync<bool>(sql, ct))
        {
            Assert.True(DateTime.UtcNow < until, $"slot {feed.SlotName} did not confirm {target} within 90 s");
            await Task.Delay(200, ct);
        }
    }

    [Fact]
    public async Task Bad_options_fail_clearly_naming_the_option_and_value()
    {
        pg.Require();
        var ct = TestContext.Current.CancellationToken;
        await using var s = await TempSchema.CreateAsync(pg, ct);
        string publication = "pub_" + s.Name;
        var missing = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            NpgsqlChangeFeed.StartAsync(s.Source, new NpgsqlChangeFeedOptions { Publication = publication }, ct));
        Assert.Contains($"publication '{publication}' does not exist", missing.Message);
        var table = await Assert.ThrowsAsync<ArgumentException>(() =>
            NpgsqlChangeFeed.StartAsync(s.Source, new NpgsqlChangeFeedOptions { Publication = publication, Tables = ["no_such_table"] }, ct));
        Assert.Contains("Tables names 'no_such_table'", table.Message);
        var name = await Assert.ThrowsAsync<ArgumentException>(() =>
            NpgsqlChangeFeed.StartAsync(s.Source, new NpgsqlChangeFeedOptions { Publication = "bad name; drop" }, ct));
        Assert.Contains("'bad name; drop'", name.Message);
        var capacity = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() =>
            NpgsqlChangeFeed.StartAsync(s.Source, new NpgsqlChangeFeedOptions { BufferCapacity = 0 }, ct));
        Assert.Contains("BufferCapacity must be at least 1 (got 0)", capacity.Message);
    }

    internal static async Task<NpgsqlChangeFeed> StartAsync(TempSchema s, string[] tables, CancellationToken ct, int capacity = 1024)
    {
        string publication = "pub_" + s.Name;
        s.OnDispose($"DROP PUBLICATION IF EXISTS {publication}");
        return await NpgsqlChangeFeed.StartAsync(s.Source,
            new NpgsqlChangeFeedOptions { Publication = publication, Tables = tables, BufferCapacity = capacity }, ct);
    }

    /// <summary>One subscriber whose waits end after a generous bound (then MoveNextAsync returns false and the test fails).</summary>
    static IAsyncEnumerator<NpgsqlChangeSet> Subscribe(NpgsqlChangeFeed feed, CancellationToken ct, out CancellationTokenSource cts)
    {
        cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(Generous);
        return feed.Changes.GetAsyncEnumerator(cts.Token);
    }

    static async Task<NpgsqlChangeSet> NextAsync(IAsyncEnumerator<NpgsqlChangeSet> e)
    {
        Assert.True(await e.MoveNextAsync(), $"no change set within {Generous.TotalSeconds} s");
        return e.Current;
    }

    static Task<long> CountAsync(TempSchema s, string sql, CancellationToken ct) => s.ScalarAsync<long>(sql, ct);
}
