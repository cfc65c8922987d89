using Holon.Data;

namespace Holon.Gen.EndToEndTests;

/// <summary>A store whose query reports the thread SQLite ran it on.</summary>
public sealed partial class ThreadStore(SqlitePool pool)
{
    [Query("SELECT thread_id()")]
    public partial ValueTask<long> ThreadAsync(CancellationToken ct = default);
}

/// <summary>
/// Generated async methods run SQLite on the calling thread (no hop, like Microsoft.Data.Sqlite); wrapping the call in
/// Task.Run is the documented way to keep a thread such as a UI thread free while SQLite runs.
/// </summary>
public sealed class CallingThreadTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "holon-e2e-thread-" + Guid.NewGuid().ToString("N"));
    private readonly SqlitePool _pool;

    public CallingThreadTests()
    {
        Directory.CreateDirectory(_folder);
        _pool = new SqlitePool(new SqlitePoolOptions
        {
            ConnectionString = "Data Source=" + Path.Combine(_folder, "thread.db"),
            OnConnectionCreated = c => c.CreateFunction("thread_id", () => (long)Environment.CurrentManagedThreadId, isDeterministic: false),
        });
    }

    public void Dispose()
    {
        _pool.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>Runs <paramref name="body"/> on a dedicated thread (standing in for a UI thread) and returns its thread id and result.</summary>
    private static (long Caller, long Ran) OnOwnThread(Func<long> body)
    {
        long caller = 0, ran = 0;
        Exception? error = null;
        var thread = new Thread(() =>
        {
            caller = Environment.CurrentManagedThreadId;
            try { ran = body(); }
            catch (Exception e) { error = e; }
        });
        thread.Start();
        thread.Join();
        if (error is not null) throw new InvalidOperationException("the call failed on its thread", error);
        return (caller, ran);
    }

    [Fact]
    public void An_async_method_runs_sqlite_on_the_calling_thread_and_completes_synchronously_when_a_reader_is_free()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = new ThreadStore(_pool);
        bool completedAtOnce = false;
        var (caller, ran) = OnOwnThread(() =>
        {
            var call = store.ThreadAsync(ct);
            completedAtOnce = call.IsCompletedSuccessfully;
            return call.AsTask().GetAwaiter().GetResult();
        });

        Assert.True(completedAtOnce);
        Assert.Equal(caller, ran);
    }

    [Fact]
    public void Task_Run_moves_the_statement_off_the_calling_thread()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = new ThreadStore(_pool);
        var (caller, ran) = OnOwnThread(() => Task.Run(() => store.ThreadAsync(ct).AsTask(), ct).GetAwaiter().GetResult());

        Assert.NotEqual(caller, ran);
    }
}
