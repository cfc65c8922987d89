using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using Npgsql;

namespace Holon.Data.Npgsql.Tests;

/// <summary>The store the tracing tests call: its table name and its method names are used by no other test.</summary>
public sealed partial class TracedAccountStore(NpgsqlDataSource db)
{
    [Command("INSERT INTO traced_accounts (id, name) VALUES (@id, @name)")]
    public partial Task<int> AddAsync(long id, string name, CancellationToken ct = default);

    /// <summary>Fails with a unique violation once id 1 exists; its SQL holds a literal that must stay out of traces.</summary>
    [Command("INSERT INTO traced_accounts (id, name) VALUES (1, 'SECRET-PII-4242')")]
    public partial Task<int> AddSecretAsync(CancellationToken ct = default);

    [Query("SELECT name FROM traced_accounts WHERE id = @id")]
    public partial Task<string?> GetNameAsync(long id, CancellationToken ct = default);

    [Query("SELECT name FROM traced_accounts WHERE id = @id")]
    public partial string? GetName(NpgsqlConnection connection, long id);

    [Query("SELECT id FROM traced_accounts ORDER BY id")]
    public partial IAsyncEnumerable<long> StreamIdsAsync([EnumeratorCancellation] CancellationToken ct = default);

    [Command("INSERT INTO traced_accounts (id, name) VALUES (@Id, @Name)")]
    public partial Task<int> AddManyAsync(IReadOnlyList<TracedAccount> accounts, CancellationToken ct = default);
}

public sealed record TracedAccount(long Id, string Name);

// Listeners and NpgsqlTracing.TraceQueryText are process-wide, and one test needs no listener at all: this collection
// runs alone, after the parallel ones.
[CollectionDefinition("pg-tracing", DisableParallelization = true)]
public sealed class PgTracingCollection;

[Collection("pg-tracing")]
public sealed class TracingTests(PgFixture pg) : IDisposable
{
    private const string Store = "Holon.Data.Npgsql.Tests.TracedAccountStore.";
    private const string Table = "traced_accounts";

    private static readonly StatementDefinition Get = new(
        "SELECT name FROM traced_accounts WHERE id = $1", StatementKind.Query, ["$1"], [], Store + "Get");

    private readonly ConcurrentQueue<Activity> _stopped = new();
    private readonly ConcurrentQueue<(double Seconds, Dictionary<string, object?> Tags)> _measured = new();
    private ActivityListener? _listener;
    private MeterListener? _meter;

    public void Dispose()
    {
        _listener?.Dispose();
        _meter?.Dispose();
        NpgsqlTracing.TraceQueryText = false;
    }

    private static string Database => new NpgsqlConnectionStringBuilder(PgEnvironment.Current.Primary).Database!;

    private void Listen()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == "Holon.Data",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
        _meter = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == "Holon.Data" && instrument.Name == "db.client.operation.duration") l.EnableMeasurementEvents(instrument);
            },
        };
        _meter.SetMeasurementEventCallback<double>((_, value, tags, _) =>
        {
            var all = new Dictionary<string, object?>();
            foreach (var t in tags) all[t.Key] = t.Value;
            if (Equals(all.GetValueOrDefault("db.collection.name"), Table)) _measured.Enqueue((value, all));
        });
        _meter.Start();
    }

    // Only this store's calls: the table and the method names are this file's.
    private Activity[] Spans() => [.. _stopped.Where(a => a.GetTagItem("code.function.name") is string f && f.StartsWith(Store, StringComparison.Ordinal))];

    private async Task<(TempSchema Schema, TracedAccountStore Store)> CreateAsync(CancellationToken ct)
    {
        var schema = await TempSchema.CreateAsync(pg, ct);
        await schema.ExecuteAsync($"CREATE TABLE {Table} (id bigint PRIMARY KEY, name text NOT NULL)", ct);
        return (schema, new TracedAccountStore(schema.Source));
    }

    [Fact]
    public async Task A_bulk_command_is_one_span_for_the_batch_with_its_size_and_a_failed_batch_is_marked_Error()
    {
        pg.Require();
        var ct = TestContext.Current.CancellationToken;
        var (schema, store) = await CreateAsync(ct);
        await using var _ = schema;
        Listen();

        Assert.Equal(3, await store.AddManyAsync([new(1, "a"), new(2, "b"), new(3, "c")], ct));
        var batch = Assert.Single(Spans());
        Assert.Equal("INSERT traced_accounts", batch.DisplayName);
        Assert.Equal(Store + "AddManyAsync", batch.GetTagItem("code.function.name"));
        Assert.Equal(3, batch.GetTagItem("db.operation.batch.size"));
        Assert.Equal(ActivityStatusCode.Unset, batch.Status);

        // A batch of one is one operation, not a batch (the conventions' rule).
        Assert.Equal(1, await store.AddManyAsync([new(4, "d")], ct));
        Assert.Null(Spans()[1].GetTagItem("db.operation.batch.size"));

        // Element 1 repeats id 1: the batch fails as a whole, and its one span says so.
        await Assert.ThrowsAsync<BulkCommandException>(() => store.AddManyAsync([new(5, "e"), new(1, "again")], ct));
        var failed = Spans()[2];
        Assert.Equal(ActivityStatusCode.Error, failed.Status);
        Assert.Equal(typeof(BulkCommandException).FullName, failed.GetTagItem("error.type"));
        Assert.Equal(3, Spans().Length);
        Assert.Null(await store.GetNameAsync(5, ct)); // rolled back
    }

    [Fact]
    public async Task A_generated_call_is_one_client_span_with_the_conventions_and_one_duration_measurement()
    {
        pg.Require();
        var ct = TestContext.Current.CancellationToken;
        var (schema, store) = await CreateAsync(ct);
        await using var _ = schema;
        Assert.Equal(1, await store.AddAsync(7, "seven", ct));
        Listen();

        Assert.Equal("seven", await store.GetNameAsync(7, ct));

        var span = Assert.Single(Spans());
        Assert.Equal("SELECT traced_accounts", span.DisplayName);
        Assert.Equal(ActivityKind.Client, span.Kind);
        Assert.Equal("postgresql", span.GetTagItem("db.system.name"));
        Assert.Equal(Database, span.GetTagItem("db.namespace"));
        Assert.Equal("SELECT", span.GetTagItem("db.operation.name"));
        Assert.Equal(Table, span.GetTagItem("db.collection.name"));
        Assert.Equal("SELECT traced_accounts", span.GetTagItem("db.query.summary"));
        Assert.Equal(Store + "GetNameAsync", span.GetTagItem("code.function.name"));
        Assert.Equal(1, span.GetTagItem("db.response.returned_rows"));
        Assert.Null(span.GetTagItem("db.query.text")); // off by default: SQL can hold secrets
        Assert.Equal(ActivityStatusCode.Unset, span.Status);

        var (seconds, tags) = Assert.Single(_measured);
        Assert.True(seconds >= 0);
        Assert.Equal("postgresql", tags["db.system.name"]);
        Assert.Equal(Database, tags["db.namespace"]);
        Assert.Equal("SELECT", tags["db.operation.name"]);
        Assert.False(tags.ContainsKey("error.type"));
    }

    [Fact]
    public async Task Calls_on_the_callers_connection_and_streams_have_spans_too()
    {
        pg.Require();
        var ct = TestContext.Current.CancellationToken;
        var (schema, store) = await CreateAsync(ct);
        await using var _ = schema;
        Assert.Equal(1, await store.AddAsync(1, "one", ct));
        Assert.Equal(1, await store.AddAsync(2, "two", ct));
        Listen();

        await using (var connection = await schema.Source.OpenConnectionAsync(ct)) Assert.Equal("two", store.GetName(connection, 2));
        var ids = new List<long>();
        await foreach (long id in store.StreamIdsAsync(ct)) ids.Add(id);
        Assert.Equal([1L, 2L], ids);

        var onConnection = Assert.Single(Spans(), s => Equals(s.GetTagItem("code.function.name"), Store + "GetName"));
        Assert.Equal(Database, onConnection.GetTagItem("db.namespace"));
        Assert.Equal(1, onConnection.GetTagItem("db.response.returned_rows"));
        var stream = Assert.Single(Spans(), s => Equals(s.GetTagItem("code.function.name"), Store + "StreamIdsAsync"));
        Assert.Equal("SELECT traced_accounts", stream.DisplayName);
        Assert.Equal(2, stream.GetTagItem("db.response.returned_rows"));
        Assert.Equal(2, _measured.Count);
    }

    [Fact]
    public async Task A_failed_call_carries_the_error_type_and_SQLSTATE_but_neither_the_SQL_nor_its_literals()
    {
        pg.Require();
        var ct = TestContext.Current.CancellationToken;
        var (schema, store) = await CreateAsync(ct);
        await using var _ = schema;
        Assert.Equal(1, await store.AddAsync(1, "one", ct));
        Listen();

        var e = await Assert.ThrowsAsync<NpgsqlStatementException>(() => store.AddSecretAsync(ct));
        Assert.Equal(PostgresErrorCodes.UniqueViolation, e.SqlState);
        Assert.Contains("SECRET-PII-4242", e.Message); // the caller keeps the detail

        var span = Assert.Single(Spans());
        const string type = "Holon.Data.Npgsql.NpgsqlStatementException";
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Equal(type + " 23505", span.StatusDescription);
        Assert.Equal(type, span.GetTagItem("error.type"));
        Assert.Equal("23505", span.GetTagItem("db.response.status_code"));
        Assert.Equal("INSERT", span.GetTagItem("db.operation.name"));
        var exception = Assert.Single(span.Events);
        Assert.Equal("exception", exception.Name);
        Assert.Equal(type + " 23505", exception.Tags.Single(t => t.Key == "exception.message").Value);
        string everything = string.Join("\n", span.TagObjects.Select(t => t.Key + "=" + t.Value)
            .Concat(span.Events.SelectMany(ev => ev.Tags.Select(t => t.Key + "=" + t.Value))).Append(span.StatusDescription));
        Assert.DoesNotContain("SECRET", everything);
        Assert.DoesNotContain("VALUES", everything);

        var (_, tags) = Assert.Single(_measured);
        Assert.Equal(type, tags["error.type"]);
    }

    [Fact]
    public async Task With_TraceQueryText_a_span_carries_the_SQL_and_a_failure_its_message()
    {
        pg.Require();
        var ct = TestContext.Current.CancellationToken;
        var (schema, store) = await CreateAsync(ct);
        await using var _ = schema;
        Assert.Equal(1, await store.AddAsync(1, "one", ct));
        Listen();
        NpgsqlTracing.TraceQueryText = true;

        var e = await Assert.ThrowsAsync<NpgsqlStatementException>(() => store.AddSecretAsync(ct));

        var span = Assert.Single(Spans());
        Assert.Equal("INSERT INTO traced_accounts (id, name) VALUES (1, 'SECRET-PII-4242')", span.GetTagItem("db.query.text"));
        Assert.Equal(e.Message, span.StatusDescription);
        Assert.Equal("23505", span.GetTagItem("db.response.status_code"));
    }

    [Fact]
    public async Task With_no_listener_no_span_is_created_and_starting_one_allocates_nothing()
    {
        pg.Require();
        var ct = TestContext.Current.CancellationToken;
        var (schema, store) = await CreateAsync(ct);
        await using var _ = schema;
        // Npgsql's own spans are listened to: they are made, and none has a Holon span around it.
        var npgsql = new ConcurrentQueue<Activity>();
        using (var others = new ActivityListener
        {
            ShouldListenTo = s => s.Name == "Npgsql",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = npgsql.Enqueue,
        })
        {
            ActivitySource.AddActivityListener(others);
            Assert.Equal(1, await store.AddAsync(1, "one", ct));
            Assert.Equal("one", await store.GetNameAsync(1, ct));
        }

        Assert.NotEmpty(npgsql);
        Assert.All(npgsql, a => Assert.NotEqual("Holon.Data", a.Parent?.Source.Name));

        var first = NpgsqlStatementSpan.Start(schema.Source, Get, Store + "Get");
        Assert.False(first.IsRecording);
        first.Dispose();
        await using var connection = await schema.Source.OpenConnectionAsync(ct);
        var lease = new NpgsqlLease(connection);
        var failure = new InvalidOperationException("x");
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            using var span = NpgsqlStatementSpan.Start(schema.Source, Get, Store + "Get");
            span.SetReturnedRows(1);
            using var onLease = NpgsqlStatementSpan.Start(lease, Get);
            onLease.Fail(failure);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Null(Activity.Current);
    }
}
