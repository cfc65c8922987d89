using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace Holon.Data.DependencyInjection.Tests;

// Listeners are process-wide, and one test needs none at all: this collection runs alone, after the parallel ones.
[CollectionDefinition("tracing", DisableParallelization = true)]
public sealed class TracingCollection;

[Collection("tracing")]
public sealed class TracingTests : IDisposable
{
    private static readonly StatementDefinition GetNote = new(
        "SELECT id, title FROM notes WHERE id = @id", StatementKind.Query, ["@id"], ["Id", "Title"], "Holon.Tests.NoteStore.Get");

    private readonly TempFolder _folder = new();
    private readonly ConcurrentQueue<Activity> _stopped = new();
    private ActivityListener? _listener;

    public void Dispose()
    {
        _listener?.Dispose();
        _folder.Dispose();
    }

    private void Listen()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == "Holon.Data",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    private SqlitePool CreatePool(string file, Action<SqlitePoolOptions>? configure = null)
    {
        var options = new SqlitePoolOptions { ConnectionString = _folder.ConnectionString(file) };
        configure?.Invoke(options);
        var pool = new SqlitePool(options);
        using var lease = pool.RentWriter(TestContext.Current.CancellationToken);
        lease.ExecuteScript("CREATE TABLE notes (id INTEGER PRIMARY KEY, title TEXT NOT NULL); CREATE TABLE tags (note_id INTEGER, tag TEXT);" +
                            "INSERT INTO notes VALUES (1, 'one'), (2, 'two'); INSERT INTO tags VALUES (1, 'a');");
        return pool;
    }

    // Only this test's pool: other spans may still be stopping from earlier tests' leases.
    private Activity[] Spans(string file) => [.. _stopped.Where(a => Equals(a.GetTagItem("db.namespace"), file))];

    [Fact]
    public void An_ad_hoc_query_is_a_client_span_with_the_database_conventions()
    {
        Listen();
        using var pool = CreatePool("query.db");
        using (var lease = pool.RentReader(TestContext.Current.CancellationToken))
        {
            var titles = lease.Query("SELECT title FROM notes WHERE id > ?1 ORDER BY id", s => s.GetString(0), 0);
            Assert.Equal(["one", "two"], titles);
        }

        var span = Assert.Single(Spans("query.db"));
        Assert.Equal("SELECT notes", span.DisplayName);
        Assert.Equal(ActivityKind.Client, span.Kind);
        Assert.Equal("sqlite", span.GetTagItem("db.system.name"));
        Assert.Equal("SELECT", span.GetTagItem("db.operation.name"));
        Assert.Equal("notes", span.GetTagItem("db.collection.name"));
        Assert.Equal("SELECT notes", span.GetTagItem("db.query.summary"));
        Assert.Equal(2, span.GetTagItem("db.response.returned_rows"));
        Assert.Null(span.GetTagItem("db.query.text")); // off by default: SQL can hold secrets
        Assert.Null(span.GetTagItem("code.function.name"));
        Assert.Equal(ActivityStatusCode.Unset, span.Status);
    }

    [Fact]
    public void Execute_and_Scalar_have_spans_and_the_query_text_only_when_asked()
    {
        Listen();
        using var pool = CreatePool("text.db", o => o.TraceQueryText = true);
        using (var lease = pool.RentWriter(TestContext.Current.CancellationToken))
        {
            Assert.Equal(1, lease.Execute("UPDATE notes SET title = ?1 WHERE id = ?2", "uno", 1));
            Assert.Equal(2L, lease.Scalar<long>("SELECT count(*) FROM notes n JOIN tags t ON t.note_id = n.id OR 1"));
        }

        var spans = Spans("text.db");
        Assert.Equal(2, spans.Length);
        var update = spans.Single(s => s.DisplayName == "UPDATE notes");
        Assert.Equal("UPDATE", update.GetTagItem("db.operation.name"));
        Assert.Equal("notes", update.GetTagItem("db.collection.name"));
        Assert.Equal("UPDATE notes SET title = ?1 WHERE id = ?2", update.GetTagItem("db.query.text"));
        var join = spans.Single(s => s.DisplayName == "SELECT notes tags");
        Assert.Null(join.GetTagItem("db.collection.name")); // two tables: no single collection
        Assert.Equal(1, join.GetTagItem("db.response.returned_rows"));
    }

    [Fact]
    public void A_failing_statement_sets_the_error_status_and_type()
    {
        Listen();
        using var pool = CreatePool("error.db");
        using (var lease = pool.RentWriter(TestContext.Current.CancellationToken))
        {
            Assert.Throws<SqliteException>(() => lease.Execute("INSERT INTO notes (id, title) VALUES (1, 'duplicate')"));
        }

        var span = Assert.Single(Spans("error.db"));
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Equal("Microsoft.Data.Sqlite.SqliteException", span.GetTagItem("error.type"));
        Assert.Equal("1555", span.GetTagItem("db.response.status_code")); // SQLITE_CONSTRAINT_PRIMARYKEY
        Assert.Equal("INSERT notes", span.DisplayName);
    }

    /// <summary>What a generated point lookup will emit, written by hand: span first, then rent, then the statement.</summary>
    private static string? GeneratedLikeGet(SqlitePool pool, long id)
    {
        using var span = StatementSpan.Start(pool, GetNote);
        try
        {
            using var lease = pool.RentReader(TestContext.Current.CancellationToken);
            using var s = lease.Statement(GetNote);
            s.BindInt64(0, id);
            if (!s.Step())
            {
                span.SetReturnedRows(0);
                return null;
            }

            span.SetReturnedRows(1);
            return s.GetString(1);
        }
        catch (Exception e) when (span.Fail(e))
        {
            throw;
        }
    }

    [Fact]
    public async Task A_generated_call_span_names_the_method_and_holds_a_child_span_for_a_long_lease_wait()
    {
        Listen();
        // Threshold zero: every real wait is a child span, however the scheduler slices this test on a busy machine.
        using var pool = CreatePool("generated.db", o =>
        {
            o.MaxReaders = 1;
            o.TraceLeaseWaitThreshold = TimeSpan.Zero;
        });
        Assert.Equal("one", GeneratedLikeGet(pool, 1));

        using var held = pool.RentReader(TestContext.Current.CancellationToken);
        var waiting = Task.Run(() => GeneratedLikeGet(pool, 2), TestContext.Current.CancellationToken);
        while (pool.Statistics.LeaseWaits == 0) await Task.Delay(5, TestContext.Current.CancellationToken);
        await Task.Delay(50, TestContext.Current.CancellationToken);
        var releasedUtc = DateTime.UtcNow;
        held.Dispose();
        Assert.Equal("two", await waiting);

        var spans = Spans("generated.db");
        Assert.Equal(2, spans.Length);
        Assert.All(spans, s => Assert.Equal("Holon.Tests.NoteStore.Get", s.GetTagItem("code.function.name")));
        Assert.All(spans, s => Assert.Equal(1, s.GetTagItem("db.response.returned_rows")));
        var second = spans.Single(s => s.StartTimeUtc == spans.Max(x => x.StartTimeUtc));
        var wait = Assert.Single(_stopped, a => a.DisplayName == "sqlite wait for reader" && a.ParentSpanId == second.SpanId);
        Assert.Equal(second.TraceId, wait.TraceId);
        // The waiter cannot have its lease before the holder released it, so the wait span ends after that moment.
        Assert.True(wait.StartTimeUtc + wait.Duration >= releasedUtc, $"wait span ended {wait.StartTimeUtc + wait.Duration:O}, released {releasedUtc:O}");
        Assert.Equal("reader", wait.GetTagItem("holon.data.lease.side"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_real_generated_call_that_waited_for_a_reader_holds_the_wait_inside_its_own_span(bool valueTask)
    {
        Listen();
        string file = valueTask ? "real-async.db" : "real-sync.db";
        using var pool = CreatePool(file, o =>
        {
            o.MaxReaders = 1;
            o.TraceLeaseWaitThreshold = TimeSpan.Zero; // every real wait is a child span
        });
        var store = new NoteStore(pool);
        var ct = TestContext.Current.CancellationToken;
        using var held = pool.RentReader(ct);
        var waiting = valueTask
            ? Task.Run(async () => await store.GetAsync(2, ct), ct)
            : Task.Run(() => store.Get(2), ct);
        while (pool.Statistics.LeaseWaits == 0) await Task.Delay(5, ct);
        await Task.Delay(50, ct);
        var releasedUtc = DateTime.UtcNow;
        held.Dispose();
        Assert.Equal(new Note(2, "two"), await waiting);

        string method = valueTask ? "Holon.Data.DependencyInjection.Tests.NoteStore.GetAsync" : "Holon.Data.DependencyInjection.Tests.NoteStore.Get";
        var call = Assert.Single(Spans(file), a => Equals(a.GetTagItem("code.function.name"), method));
        var wait = Assert.Single(_stopped, a => a.DisplayName == "sqlite wait for reader" && a.TraceId == call.TraceId);
        Assert.Equal(call.SpanId, wait.ParentSpanId);
        // Inside: the call span starts no later than the wait and ends no earlier.
        Assert.True(call.StartTimeUtc <= wait.StartTimeUtc, $"call {call.StartTimeUtc:O}, wait {wait.StartTimeUtc:O}");
        Assert.True(call.StartTimeUtc + call.Duration >= wait.StartTimeUtc + wait.Duration);
        Assert.True(wait.StartTimeUtc + wait.Duration >= releasedUtc);
    }

    [Fact]
    public async Task A_short_wait_of_a_real_generated_call_is_an_event_on_its_span()
    {
        Listen();
        using var pool = CreatePool("real-event.db", o =>
        {
            o.MaxReaders = 1;
            o.TraceLeaseWaitThreshold = TimeSpan.FromHours(1);
        });
        var store = new NoteStore(pool);
        var ct = TestContext.Current.CancellationToken;
        using var held = pool.RentReader(ct);
        var waiting = Task.Run(() => store.Get(1), ct);
        while (pool.Statistics.LeaseWaits == 0) await Task.Delay(5, ct);
        held.Dispose();
        Assert.Equal(new Note(1, "one"), await waiting);

        var call = Assert.Single(Spans("real-event.db"), a => a.GetTagItem("code.function.name") is not null);
        var e = Assert.Single(call.Events);
        Assert.Equal("holon.data.lease.wait", e.Name);
    }

    [Fact]
    public async Task A_wait_for_a_lease_no_statement_used_is_recorded_when_it_is_returned()
    {
        Listen();
        using var pool = CreatePool("unused.db", o =>
        {
            o.MaxReaders = 1;
            o.TraceLeaseWaitThreshold = TimeSpan.Zero;
        });
        var ct = TestContext.Current.CancellationToken;
        using var held = pool.RentReader(ct);
        var waiting = Task.Run(() => pool.RentReader(ct), ct);
        while (pool.Statistics.LeaseWaits == 0) await Task.Delay(5, ct);
        held.Dispose();
        using var lease = await waiting;
        Assert.DoesNotContain(_stopped, a => a.DisplayName == "sqlite wait for reader" && Equals(a.GetTagItem("db.client.connection.pool.name"), pool.Name));
        lease.Dispose();
        Assert.Single(_stopped, a => a.DisplayName == "sqlite wait for reader" && Equals(a.GetTagItem("db.client.connection.pool.name"), pool.Name));
    }

    [Fact]
    public async Task A_generated_stream_is_one_span_with_its_row_count()
    {
        Listen();
        using var pool = CreatePool("stream.db");
        var store = new NoteStore(pool);
        var notes = new List<Note>();
        await foreach (var note in store.All(TestContext.Current.CancellationToken)) notes.Add(note);

        Assert.Equal(2, notes.Count);
        var span = Assert.Single(Spans("stream.db"), a => a.GetTagItem("code.function.name") is not null);
        Assert.Equal("Holon.Data.DependencyInjection.Tests.NoteStore.All", span.GetTagItem("code.function.name"));
        Assert.Equal(2, span.GetTagItem("db.response.returned_rows"));
        Assert.Equal(ActivityStatusCode.Unset, span.Status);
    }

    [Fact]
    public async Task A_generated_query_stream_whose_step_fails_ends_its_span_with_the_error()
    {
        Listen();
        using var pool = CreatePool("stream-error.db");
        var store = new NoteStore(pool);
        var notes = new List<Note>();
        await Assert.ThrowsAsync<SqliteException>(async () =>
        {
            await foreach (var note in store.AllFailingAtTheSecondRow(TestContext.Current.CancellationToken)) notes.Add(note);
        });

        Assert.Equal([new Note(1, "one")], notes);
        var span = Assert.Single(Spans("stream-error.db"), a => a.GetTagItem("code.function.name") is not null);
        Assert.Equal("Holon.Data.DependencyInjection.Tests.NoteStore.AllFailingAtTheSecondRow", span.GetTagItem("code.function.name"));
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Equal("Microsoft.Data.Sqlite.SqliteException", span.GetTagItem("error.type"));
        Assert.Null(span.GetTagItem("db.response.returned_rows"));
    }

    [Fact]
    public async Task A_generated_writer_stream_whose_step_fails_ends_its_span_with_the_error()
    {
        Listen();
        using var pool = CreatePool("writer-stream-error.db");
        var store = new NoteStore(pool);
        var ids = new List<long>();
        await Assert.ThrowsAsync<SqliteException>(async () =>
        {
            await foreach (var id in store.TouchFailingAtTheSecondRow(TestContext.Current.CancellationToken)) ids.Add(id);
        });

        Assert.Empty(ids); // SQLite runs the whole UPDATE before the first RETURNING row: the first step fails
        var span = Assert.Single(Spans("writer-stream-error.db"), a => a.GetTagItem("code.function.name") is not null);
        Assert.Equal("Holon.Data.DependencyInjection.Tests.NoteStore.TouchFailingAtTheSecondRow", span.GetTagItem("code.function.name"));
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Equal("Microsoft.Data.Sqlite.SqliteException", span.GetTagItem("error.type"));
    }

    [Fact]
    public async Task A_wait_below_the_threshold_is_an_event_on_the_span()
    {
        Listen();
        using var pool = CreatePool("event.db", o =>
        {
            o.MaxReaders = 1;
            o.TraceLeaseWaitThreshold = TimeSpan.FromHours(1);
        });
        using var held = pool.RentReader(TestContext.Current.CancellationToken);
        var waiting = Task.Run(() => GeneratedLikeGet(pool, 1), TestContext.Current.CancellationToken);
        while (pool.Statistics.LeaseWaits == 0) await Task.Delay(5, TestContext.Current.CancellationToken);
        held.Dispose();
        Assert.Equal("one", await waiting);

        var span = Assert.Single(Spans("event.db"));
        var e = Assert.Single(span.Events);
        Assert.Equal("holon.data.lease.wait", e.Name);
        Assert.Equal("reader", e.Tags.Single(t => t.Key == "holon.data.lease.side").Value);
        Assert.DoesNotContain(_stopped, a => a.DisplayName == "sqlite wait for reader" && a.TraceId == span.TraceId);
    }

    [Fact]
    public void With_no_listener_a_span_is_empty_and_allocates_nothing()
    {
        using var pool = CreatePool("off.db");
        using var lease = pool.RentReader(TestContext.Current.CancellationToken);
        var first = StatementSpan.Start(pool, GetNote);
        Assert.False(first.IsRecording);
        first.Dispose();

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            using var span = StatementSpan.Start(pool, GetNote);
            span.SetReturnedRows(1);
            using var onLease = StatementSpan.Start(lease, GetNote);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Null(Activity.Current);
    }
}
