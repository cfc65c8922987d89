using Npgsql;

namespace Holon.Data.Npgsql.Tests;

/// <summary>
/// Generated [Watch] methods on the real primary and standby (.ci/pg): logical replication wakes them, read sets come
/// from the server's plans. Each test has its own schema, publication and data source, so its own watcher.
/// </summary>
public sealed class WatchTests(PgFixture pg)
{
    static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);

    const string Tables = """
        CREATE TABLE items(id int PRIMARY KEY, grp int NOT NULL DEFAULT 0, name text NOT NULL);
        CREATE TABLE other(id int PRIMARY KEY);
        CREATE VIEW items_view AS SELECT id FROM items WHERE grp >= 0;
        """;

    sealed class Setup : IAsyncDisposable
    {
        public required TempSchema Schema { get; init; }
        public required NpgsqlDataSource Source { get; init; }
        public required NpgsqlDataSource Writer { get; init; }
        public required NpgsqlWatcher Watcher { get; init; }
        public required string ApplicationName { get; init; }
        public ItemWatches Store => new(Source);

        public async Task WriteAsync(string sql, CancellationToken ct)
        {
            await using var c = await Writer.OpenConnectionAsync(ct);
            await using var cmd = new NpgsqlCommand(sql, c);
            await cmd.ExecuteNonQueryAsync(ct);
        }

        public async ValueTask DisposeAsync()
        {
            await Watcher.DisposeAsync();
            await Schema.DisposeAsync();
        }
    }

    async Task<Setup> SetUpAsync(CancellationToken ct, bool multiHost = false, TimeSpan? standbyWait = null, TimeSpan? schemaCheck = null)
    {
        var s = await TempSchema.CreateAsync(pg, ct);
        await s.ExecuteAsync(Tables, ct);
        string app = "hw_" + s.Name[^12..];
        NpgsqlDataSource source;
        if (multiHost)
        {
            var p = new NpgsqlConnectionStringBuilder(PgEnvironment.Current.Primary);
            var st = new NpgsqlConnectionStringBuilder(PgEnvironment.Current.Standby);
            var b = new NpgsqlConnectionStringBuilder(PgEnvironment.Current.Primary)
            {
                Host = $"{p.Host}:{p.Port},{st.Host}:{st.Port}", SearchPath = s.Name, ApplicationName = app,
            };
            source = new NpgsqlDataSourceBuilder(b.ConnectionString).BuildMultiHost();
            await pg.WaitForStandbyAsync(ct); // the schema and tables exist on the standby too
        }
        else
        {
            source = pg.Source(PgEnvironment.Current.Primary!, b => { b.SearchPath = s.Name; b.ApplicationName = app; });
        }
        // Commits flushed at once, so the WAL senders (replication and standby) see them without waiting for the WAL writer.
        var writer = pg.Source(PgEnvironment.Current.Primary!, b => { b.SearchPath = s.Name; b.Options = "-c synchronous_commit=on"; });
        string publication = "pub_" + s.Name;
        s.OnDispose($"DROP PUBLICATION IF EXISTS {publication}");
        var watcher = NpgsqlWatcher.Configure(source, new NpgsqlWatchOptions
        {
            Publication = publication,
            StandbyWaitBound = standbyWait ?? TimeSpan.FromSeconds(1),
            SchemaCheckInterval = schemaCheck ?? TimeSpan.FromSeconds(5),
        });
        return new Setup { Schema = s, Source = source, Writer = writer, Watcher = watcher, ApplicationName = app };
    }

    static CancellationTokenSource Bounded(CancellationToken ct)
    {
        var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(Generous);
        return cts;
    }

    static async Task<T> NextAsync<T>(IAsyncEnumerator<T> e)
    {
        Assert.True(await e.MoveNextAsync(), "the watch ended (or the generous bound passed) before the next result");
        return e.Current;
    }

    [Fact]
    public async Task A_watch_sees_an_insert_an_update_and_a_delete()
    {
        pg.Require();
        var ct = TestContext.Current.CancellationToken;
        await using var x = await SetUpAsync(ct);
        using var cts = Bounded(ct);
        await using var all = x.Store.WatchAll(cts.Token).GetAsyncEnumerator(cts.Token);

        Assert.Empty(await NextAsync(all));
        await x.WriteAsync("INSERT INTO items VALUES (1, 0, 'one')", ct);
        Assert.Equal([new WatchItem(1, 0, "one")], await NextAsync(all));
        await x.WriteAsync("UPDATE items SET name = 'uno' WHERE id = 1", ct);
        Assert.Equal([new WatchItem(1, 0, "uno")], await NextAsync(all));
        await x.WriteAsync("DELETE FROM items WHERE id = 1", ct);
        Assert.Empty(await NextAsync(all));
        var origin = Assert.Single(x.Watcher.Registrations());
        Assert.Equal([x.Schema.Name + ".items"], origin.ReadSet);
    }

    [Fact]
    public async Task A_watch_on_an_untouched_table_is_not_refreshed()
    {
        pg.Require();
        var ct = TestContext.Current.CancellationToken;
        // No schema check during the test: publishing items (which has a view over it) moves the view-rule
        // fingerprint once, and that re-learn would refresh WatchOther too.
        await using var x = await SetUpAsync(ct, schemaCheck: TimeSpan.FromHours(1));
        using var cts = Bounded(ct);
        await using var other = x.Store.WatchOther(cts.Token).GetAsyncEnumerator(cts.Token);
        await using var items = x.Store.WatchCount(0, cts.Token).GetAsyncEnumerator(cts.Token);
        Assert.Equal(0, await NextAsync(other));
        Assert.Equal(0, await NextAsync(items));
        var pending = other.MoveNextAsync(); // waits for a newer result all along

        for (int i = 1; i <= 10; i++) await x.WriteAsync($"INSERT INTO items VALUES ({i}, 0, 'n')", ct);
        while (await NextAsync(items) != 10) { }
        var deadline = DateTime.UtcNow + Generous;
        while (x.Watcher.Statistics.ChangeSetsPublished < 10 && DateTime.UtcNow < deadline) await Task.Delay(10, ct);

        Assert.False(pending.IsCompleted);
        var registrations = x.Watcher.Registrations();
        Assert.Equal(1, registrations.Single(r => r.Origin.EndsWith(".WatchOther", StringComparison.Ordinal)).Refreshes);
        Assert.True(registrations.Single(r => r.Origin.EndsWith(".WatchCount", StringComparison.Ordinal)).Refreshes >= 2);
        Assert.True(x.Watcher.Statistics.ChangeSetsPublished >= 10, x.Watcher.Statistics.ToString());
        cts.Cancel();
        Assert.False(await pending);
    }

    [Fact]
    public async Task Equal_arguments_share_one_registration_and_each_subscriber_ends_on_its_own_cancellation()
    {
        pg.Require();
        var ct = TestContext.Current.CancellationToken;
        await using var x = await SetUpAsync(ct);
        using var cts = Bounded(ct);
        using var first = CancellationTokenSource.CreateLinkedTokenSource(cts.Token);
        var a = x.Store.WatchCount(1, first.Token).GetAsyncEnumerator(first.Token);
        await using var b = x.Store.WatchCount(1, cts.Token).GetAsyncEnumerator(cts.Token);
        await using var c = x.Store.WatchCount(1, cts.Token).GetAsyncEnumerator(cts.Token);
        await using var d = x.Store.WatchCount(2, cts.Token).GetAsyncEnumerator(cts.Token);
        foreach (var e in new[] { a, b, c, d }) Assert.Equal(0, await NextAsync(e));
        Assert.Equal(2, x.Watcher.Statistics.Registrations);
        Assert.Equal(4, x.Watcher.Statistics.ActiveWatches);

        await x.WriteAsync("INSERT INTO items VALUES (1, 1, 'n')", ct);
        foreach (var e in new[] { a, b, c }) Assert.Equal(1, await NextAsync(e));
        Assert.Equal(1, x.Watcher.Registrations().Single(r => r.Refreshes >= 2).Refreshes - 1); // one refresh for three subscribers

        var pending = a.MoveNextAsync();
        first.Cancel();
        Assert.False(await pending);
        await a.DisposeAsync();
        Assert.Equal(3, x.Watcher.Statistics.ActiveWatches);
        await x.WriteAsync("INSERT INTO items VALUES (2, 1, 'n')", ct);
        Assert.Equal(2, await NextAsync(b));
        Assert.Equal(2, await NextAsync(c));
    }

    [Fact]
    public async Task Latest_wins_and_an_equal_result_is_skipped()
    {
        pg.Require();
        var ct = TestContext.Current.CancellationToken;
        await using var x = await SetUpAsync(ct);
        using var cts = Bounded(ct);
        await using var count = x.Store.WatchCount(0, cts.Token).GetAsyncEnumerator(cts.Token);
        await using var probe = x.Store.WatchAll(cts.Token).GetAsyncEnumerator(cts.Token); // tells when the feed has delivered
        Assert.Equal(0, await NextAsync(count));
        Assert.Empty(await NextAsync(probe));

        // Five commits while the subscriber does not read: it then gets the newest result only.
        for (int i = 1; i <= 5; i++) await x.WriteAsync($"INSERT INTO items VALUES ({i}, 0, 'n')", ct);
        while ((await NextAsync(probe)).Count != 5) { }
        Assert.Equal(5, await NextAsync(count));

        // A commit that leaves the count as it is: refreshed, equal, not yielded.
        long skipped = x.Watcher.Statistics.SkippedEqual;
        var next = count.MoveNextAsync();
        await x.WriteAsync("UPDATE items SET name = 'renamed' WHERE id = 1", ct);
        while ((await NextAsync(probe))[0].Name != "renamed") { }
        var deadline = DateTime.UtcNow + Generous;
        while (x.Watcher.Statistics.SkippedEqual == skipped && DateTime.UtcNow < deadline) await Task.Delay(10, ct);
        Assert.True(x.Watcher.Statistics.SkippedEqual > skipped);
        Assert.False(next.IsCompleted);
        await x.WriteAsync("INSERT INTO items VALUES (6, 0, 'n')", ct);
        Assert.True(await next);
        Assert.Equal(6, count.Current);
    }

    [Fact]
    public async Task The_read_set_includes_a_table_reached_through_a_view()
    {
        pg.Require();
        var ct = TestContext.Current.CancellationToken;
        await using var x = await SetUpAsync(ct);
        using var cts = Bounded(ct);
        await using var view = x.Store.WatchView(cts.Token).GetAsyncEnumerator(cts.Token);
        Assert.Equal(0, await NextAsync(view));
        Assert.Equal([x.Schema.Name + ".items"], Assert.Single(x.Watcher.Registrations()).ReadSet);
        await x.WriteAsync("INSERT INTO items VALUES (1, 0, 'n')", ct);
        Assert.Equal(1, await NextAsync(view));
    }

    [Fact]
    public async Task A_thousand_subscribers_on_ten_queries_end_on_the_final_state_over_one_replication_connection()
    {
        pg.Require();
        var ct = TestContext.Current.CancellationToken;
        await using var x = await SetUpAsync(ct);
        using var cts = Bounded(ct);
        var final = new long[10];
        var writes = Enumerable.Range(1, 200).Select(i => (Id: i, Grp: i * 7 % 10)).ToList();
        foreach (var w in writes) final[w.Grp]++;

        var subscribers = Enumerable.Range(0, 1000).Select(async i =>
        {
            await Task.Yield();
            await using var e = x.Store.WatchCount(i % 10, cts.Token).GetAsyncEnumerator(cts.Token);
            long last = -1;
            while (last != final[i % 10]) last = await NextAsync(e);
            return last;
        }).ToList();
        var deadline = DateTime.UtcNow + Generous;
        while (x.Watcher.Statistics.ActiveWatches < 1000 && DateTime.UtcNow < deadline) await Task.Delay(10, ct);
        Assert.Equal(10, x.Watcher.Statistics.Registrations);

        int maxConnections = 0;
        using var sampling = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                maxConnections = Math.Max(maxConnections, (int)await CountAsync(
                    $"SELECT count(*) FROM pg_stat_activity WHERE application_name = '{x.ApplicationName}'", ct));
                await Task.Delay(20, CancellationToken.None);
            }
        }, CancellationToken.None);
        foreach (var batch in writes.Chunk(4))
        {
            await x.WriteAsync(string.Join(";", batch.Select(w => $"INSERT INTO items VALUES ({w.Id}, {w.Grp}, 'n')")), ct);
        }
        var ends = await Task.WhenAll(subscribers);
        sampling.Cancel();
        await sampler;

        Assert.Equal(Enumerable.Range(0, 1000).Select(i => final[i % 10]), ends);
        // Refreshes hold one connection each, at most MaxConcurrentRefreshes (4) at once, plus the feed's setup connection.
        Assert.InRange(maxConnections, 1, 6);
        Assert.Equal(1, await CountAsync($"SELECT count(*) FROM pg_stat_replication WHERE application_name = '{x.Watcher.SlotName}'", ct));
        Assert.Equal(1, await CountAsync(
            $"SELECT count(*) FROM pg_replication_slots WHERE slot_name = '{x.Watcher.SlotName}' AND temporary AND active", ct));
    }

    [Fact]
    public async Task On_a_standby_the_first_refreshed_result_already_has_the_row_a_thousand_times_in_a_row()
    {
        pg.Require();
        var ct = TestContext.Current.CancellationToken;
        // No schema check during the run: its first one sees items_view's rule (items was published after the
        // baseline) and refreshes every watch once, an equal result that would count as skipped below.
        await using var x = await SetUpAsync(ct, multiHost: true, standbyWait: TimeSpan.FromSeconds(30), schemaCheck: TimeSpan.FromHours(1));
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(TimeSpan.FromMinutes(5));
        await using var tally = x.Store.WatchTally(cts.Token).GetAsyncEnumerator(cts.Token);
        Assert.Equal(new Tally(0, OnStandby: true), await NextAsync(tally));

        for (int i = 1; i <= 1000; i++)
        {
            await x.WriteAsync($"INSERT INTO items VALUES ({i}, 0, 'n')", ct);
            // The very next result: a refresh that read before the standby replayed the insert would yield i - 1
            // (or be skipped as equal, and this would wait for ever).
            // Bounded per step, so a stale refresh fails here (naming the step) instead of at the overall bound.
            var moved = await tally.MoveNextAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(20), ct);
            Assert.True(moved, $"the watch ended at step {i}");
            Assert.Equal(new Tally(i, OnStandby: true), tally.Current);
        }
        Assert.Equal(0, x.Watcher.Statistics.SkippedEqual);
        Assert.Equal(0, x.Watcher.PrimaryFallbacks);
        TestContext.Current.SendDiagnosticMessage($"standby waits: {x.Watcher.StandbyWaits} of 1000 refreshes");
    }

    [Fact]
    public async Task A_query_the_server_cannot_plan_fails_naming_the_method_and_disposing_the_watcher_ends_watches()
    {
        pg.Require();
        var ct = TestContext.Current.CancellationToken;
        await using var x = await SetUpAsync(ct);
        using var cts = Bounded(ct);
        await using var missing = x.Store.WatchMissing(cts.Token).GetAsyncEnumerator(cts.Token);
        var e = await Assert.ThrowsAsync<NpgsqlStatementException>(async () => await missing.MoveNextAsync());
        Assert.Equal("Holon.Data.Npgsql.Tests.ItemWatches.WatchMissing", e.Method);
        Assert.Equal(PostgresErrorCodes.UndefinedTable, e.SqlState);

        await using var all = x.Store.WatchAll(cts.Token).GetAsyncEnumerator(cts.Token);
        Assert.Empty(await NextAsync(all));
        var pending = all.MoveNextAsync();
        await x.Watcher.DisposeAsync();
        Assert.False(await pending);
    }

    async Task<long> CountAsync(string sql, CancellationToken ct)
    {
        await using var c = await pg.Primary.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand(sql, c);
        return (long)(await cmd.ExecuteScalarAsync(ct))!;
    }

    [Fact]
    public async Task A_watch_keeps_refreshing_after_its_table_gains_a_column()
    {
        pg.Require();
        var ct = TestContext.Current.CancellationToken;
        await using var x = await SetUpAsync(ct);
        using var cts = Bounded(ct);
        await using var all = x.Store.WatchAll(cts.Token).GetAsyncEnumerator(cts.Token);
        Assert.Empty(await NextAsync(all));
        await x.WriteAsync("INSERT INTO items VALUES (1, 0, 'one')", ct);
        Assert.Equal([new WatchItem(1, 0, "one")], await NextAsync(all));

        await x.WriteAsync("ALTER TABLE items ADD COLUMN note text", ct);
        await x.WriteAsync("INSERT INTO items VALUES (2, 0, 'two', 'n')", ct);
        Assert.Equal([new WatchItem(1, 0, "one"), new WatchItem(2, 0, "two")], await NextAsync(all));
        await x.WriteAsync("UPDATE items SET name = 'uno' WHERE id = 1", ct);
        Assert.Equal([new WatchItem(1, 0, "uno"), new WatchItem(2, 0, "two")], await NextAsync(all));
        Assert.True(x.Watcher.Statistics.ReadSetsLearned >= 2, x.Watcher.Statistics.ToString()); // the Relation message re-learned it
    }

    [Fact]
    public async Task A_watch_over_a_redefined_view_follows_the_table_the_view_now_reads()
    {
        pg.Require();
        var ct = TestContext.Current.CancellationToken;
        await using var x = await SetUpAsync(ct, schemaCheck: TimeSpan.FromSeconds(1));
        using var cts = Bounded(ct);
        await using var view = x.Store.WatchView(cts.Token).GetAsyncEnumerator(cts.Token);
        Assert.Equal(0, await NextAsync(view));
        await x.WriteAsync("INSERT INTO items VALUES (1, 0, 'one')", ct);
        Assert.Equal(1, await NextAsync(view));

        // Nothing is written to items from here on: only the schema check can notice the view now reads other.
        await x.WriteAsync("CREATE OR REPLACE VIEW items_view AS SELECT id FROM items WHERE grp >= 0 UNION ALL SELECT id FROM other", ct);
        await x.WriteAsync("INSERT INTO other VALUES (10)", ct);
        while (await NextAsync(view) != 2) { }
        await x.WriteAsync("INSERT INTO other VALUES (11)", ct);
        Assert.Equal(3, await NextAsync(view));
        Assert.Equal([x.Schema.Name + ".items", x.Schema.Name + ".other"], x.Watcher.Registrations().Single().ReadSet);
    }

    [Fact]
    public async Task A_watch_recovers_when_its_table_is_dropped_and_created_again()
    {
        pg.Require();
        var ct = TestContext.Current.CancellationToken;
        await using var x = await SetUpAsync(ct, schemaCheck: TimeSpan.FromSeconds(1));
        using var cts = Bounded(ct);
        await using var other = x.Store.WatchOther(cts.Token).GetAsyncEnumerator(cts.Token);
        Assert.Equal(0, await NextAsync(other));
        await x.WriteAsync("INSERT INTO other VALUES (1), (2)", ct);
        Assert.Equal(2, await NextAsync(other));

        // A new table (new OID) under the old name: the DROP took the old one out of the publication.
        await x.WriteAsync("BEGIN; DROP TABLE other; CREATE TABLE other(id int PRIMARY KEY); COMMIT", ct);
        Assert.Equal(0, await NextAsync(other));
        await x.WriteAsync("INSERT INTO other VALUES (7)", ct);
        Assert.Equal(1, await NextAsync(other));
        await x.WriteAsync("INSERT INTO other VALUES (8)", ct);
        Assert.Equal(2, await NextAsync(other));
    }

    [Fact]
    public async Task A_watch_whose_table_is_dropped_ends_with_an_error_naming_the_method()
    {
        pg.Require();
        var ct = TestContext.Current.CancellationToken;
        await using var x = await SetUpAsync(ct, schemaCheck: TimeSpan.FromSeconds(1));
        using var cts = Bounded(ct);
        await using var other = x.Store.WatchOther(cts.Token).GetAsyncEnumerator(cts.Token);
        Assert.Equal(0, await NextAsync(other));

        await x.WriteAsync("DROP TABLE other", ct);
        var e = await Assert.ThrowsAsync<NpgsqlStatementException>(async () => await other.MoveNextAsync());
        Assert.Contains("WatchOther", e.Message, StringComparison.Ordinal);
        Assert.Contains("SELECT count(*) FROM other", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_schema_check_interval_that_is_not_positive_is_refused_by_name()
    {
        using var source = NpgsqlDataSource.Create("Host=127.0.0.1;Port=1;Username=nobody");
        var e = Assert.Throws<ArgumentOutOfRangeException>(() =>
            NpgsqlWatcher.Configure(source, new NpgsqlWatchOptions { SchemaCheckInterval = TimeSpan.Zero }));
        Assert.Contains("NpgsqlWatchOptions.SchemaCheckInterval must be positive (got 00:00:00)", e.Message, StringComparison.Ordinal);
    }
}
