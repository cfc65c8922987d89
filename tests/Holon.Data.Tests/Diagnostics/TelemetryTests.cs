using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Holon.Data.Tests.Diagnostics;

/// <summary>
/// What spans, logs and the duration histogram carry: no SQL and no row values unless TraceQueryText is on, and
/// db.client.operation.duration with the conventions' attributes. Each test uses its own file name, so the
/// db.namespace tag tells its spans and measurements from those of tests running in parallel.
/// </summary>
public sealed class TelemetryTests : IDisposable
{
    private const string Secret = "SECRET-PII-4242";

    private readonly TempDb _db = new();
    private readonly string _file = "telemetry-" + Guid.NewGuid().ToString("N") + ".db";
    private readonly ConcurrentQueue<Activity> _stopped = new();
    private readonly ActivityListener _listener;

    public TelemetryTests()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == "Holon.Data",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a =>
            {
                if (Equals(a.GetTagItem("db.namespace"), _file)) _stopped.Enqueue(a);
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public void Dispose()
    {
        _listener.Dispose();
        _db.Dispose();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private SqlitePoolOptions Options(bool traceQueryText, ILoggerFactory? logs = null) => new()
    {
        ConnectionString = "Data Source=" + Path.Combine(_db.Folder, _file),
        TraceQueryText = traceQueryText,
        LoggerFactory = logs,
    };

    /// <summary>A unique violation and a conversion error, each failing a call whose SQL and row hold the secret.</summary>
    private static void FailTwice(SqlitePool pool)
    {
        using var lease = pool.RentWriter(Ct);
        lease.Execute("CREATE TABLE people(email TEXT NOT NULL UNIQUE)");
        lease.Execute($"INSERT INTO people(email) VALUES ('{Secret}')");
        var unique = Assert.Throws<SqliteException>(() => lease.Execute($"INSERT INTO people(email) VALUES ('{Secret}')"));
        Assert.Contains(Secret, unique.Message, StringComparison.Ordinal);   // the caller keeps the detail
        var conversion = Assert.ThrowsAny<Exception>(() => lease.Query("SELECT email FROM people", s => s.GetInt64(0)));
        Assert.Contains(Secret, conversion.Message, StringComparison.Ordinal);
    }

    private Activity[] Failed() => [.. _stopped.Where(a => a.Status == ActivityStatusCode.Error)];

    [Fact]
    public void Failed_spans_carry_the_error_type_and_sqlite_code_but_no_sql_and_no_values()
    {
        var logs = new CapturingLogs();
        using (var pool = new SqlitePool(Options(traceQueryText: false, logs))) FailTwice(pool);

        var failed = Failed();
        Assert.Equal(2, failed.Length);
        Assert.Equal("Microsoft.Data.Sqlite.SqliteException SQLITE_CONSTRAINT_UNIQUE", failed[0].StatusDescription);
        Assert.Equal("2067", failed[0].GetTagItem("db.response.status_code"));
        Assert.Equal(failed[1].GetTagItem("error.type"), failed[1].StatusDescription);
        foreach (var span in failed)
        {
            var exception = Assert.Single(span.Events, e => e.Name == "exception");
            Assert.Equal(span.GetTagItem("error.type"), exception.Tags.Single(t => t.Key == "exception.type").Value);
            Assert.Equal(span.StatusDescription, exception.Tags.Single(t => t.Key == "exception.message").Value);
            string everything = string.Join("|", span.StatusDescription, string.Join("|", span.TagObjects.Select(t => t.Value)),
                string.Join("|", span.Events.SelectMany(e => e.Tags).Select(t => t.Value)));
            Assert.DoesNotContain(Secret, everything, StringComparison.Ordinal);
            Assert.DoesNotContain("people(email)", everything, StringComparison.Ordinal);
            Assert.DoesNotContain("SELECT email", everything, StringComparison.Ordinal);
        }

        // Logs at every level, Trace included, hold neither.
        Assert.NotEmpty(logs.Lines);
        Assert.All(logs.Lines, line => Assert.DoesNotContain(Secret, line, StringComparison.Ordinal));
        Assert.All(logs.Lines, line => Assert.DoesNotContain("people", line, StringComparison.Ordinal));
    }

    [Fact]
    public void With_TraceQueryText_failed_spans_carry_the_exception_message()
    {
        using (var pool = new SqlitePool(Options(traceQueryText: true))) FailTwice(pool);

        var failed = Failed();
        Assert.Equal(2, failed.Length);
        Assert.All(failed, span => Assert.Contains(Secret, span.StatusDescription, StringComparison.Ordinal));
        Assert.Contains("UNIQUE constraint failed", failed[0].StatusDescription, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_call_records_db_client_operation_duration_with_the_conventions_attributes()
    {
        var measurements = new ConcurrentQueue<(double Seconds, Dictionary<string, object?> Tags)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "Holon.Data" && instrument.Name == "db.client.operation.duration") l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) =>
        {
            var all = new Dictionary<string, object?>();
            foreach (var t in tags) all[t.Key] = t.Value;
            if (Equals(all.GetValueOrDefault("db.namespace"), _file)) measurements.Enqueue((value, all));
        });
        listener.Start();

        using (var pool = new SqlitePool(Options(traceQueryText: false))) FailTwice(pool);
        listener.Dispose();

        var all = measurements.ToArray();
        Assert.Equal(4, all.Length);   // CREATE, INSERT, the failing INSERT, the failing SELECT
        Assert.All(all, m => Assert.True(m.Seconds >= 0));
        Assert.All(all, m => Assert.Equal("sqlite", m.Tags["db.system.name"]));
        Assert.Equal(["CREATE", "INSERT", "INSERT", "SELECT"], all.Select(m => m.Tags["db.operation.name"]));
        Assert.Equal("people", all[1].Tags["db.collection.name"]);
        Assert.False(all[1].Tags.ContainsKey("error.type"));
        Assert.Equal("Microsoft.Data.Sqlite.SqliteException", all[2].Tags["error.type"]);
        Assert.True(all[3].Tags.ContainsKey("error.type"));
    }

    [Fact]
    public void The_histogram_uses_seconds_and_the_conventions_buckets()
    {
        using (var pool = new SqlitePool(Options(traceQueryText: false)))
        using (var lease = pool.RentReader(Ct))
            lease.Scalar<long>("SELECT 1");   // the instrument exists once the library has run a call
        Instrument? found = null;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, _) =>
        {
            if (instrument.Meter.Name == "Holon.Data" && instrument.Name == "db.client.operation.duration") found = instrument;
        };
        listener.Start();

        var histogram = Assert.IsType<Histogram<double>>(found);
        Assert.Equal("s", histogram.Unit);
        Assert.Equal([0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10], histogram.Advice!.HistogramBucketBoundaries!);
    }

    private sealed class CapturingLogs : ILoggerFactory, ILogger
    {
        public ConcurrentQueue<string> Lines { get; } = new();

        public ILogger CreateLogger(string categoryName) => this;

        public void AddProvider(ILoggerProvider provider) { }

        public void Dispose() { }

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Enqueue($"{logLevel} {formatter(state, exception)} {exception?.Message}");
    }
}
