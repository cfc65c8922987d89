using Holon.Data;
using Microsoft.Data.Sqlite;

namespace Holon.Gen.EndToEndTests;

/// <summary>Task and ValueTask methods that run on the caller's lease.</summary>
public sealed partial class LeaseTaskStore
{
    [Command("INSERT INTO blocks (id, parent_id, content, sort_key) VALUES (@id, NULL, 'x', 0)")]
    public partial Task<int> InsertTask(ConnectionLease lease, string id);

    [Command("INSERT INTO blocks (id, parent_id, content, sort_key) VALUES (@id, NULL, 'x', 0)")]
    public partial ValueTask InsertValueTask(ConnectionLease lease, string id);

    [Query("SELECT id, parent_id, content, sort_key FROM blocks WHERE id = @id")]
    public partial ValueTask<Block> SingleValueTask(ConnectionLease lease, string id, CancellationToken ct);
}

public sealed class LeaseTaskTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_sql_error_on_the_callers_lease_faults_the_task_instead_of_throwing()
    {
        using var db = new TestDatabase();
        var store = new LeaseTaskStore();
        using var lease = await db.Pool.RentWriterAsync(Ct);
        Assert.Equal(1, await store.InsertTask(lease, "a"));

        Task<int> duplicate = store.InsertTask(lease, "a");               // must not throw here
        Assert.True(duplicate.IsFaulted);
        var error = await Assert.ThrowsAsync<SqliteException>(() => duplicate);
        Assert.Contains("LeaseTaskStore.InsertTask", error.Message);

        ValueTask again = store.InsertValueTask(lease, "a");
        Assert.True(again.IsFaulted);
        await Assert.ThrowsAsync<SqliteException>(() => again.AsTask());
    }

    [Fact]
    public async Task No_row_and_cancellation_arrive_through_the_value_task()
    {
        using var db = new TestDatabase();
        var store = new LeaseTaskStore();
        using var lease = await db.Pool.RentReaderAsync(Ct);

        ValueTask<Block> none = store.SingleValueTask(lease, "missing", Ct);
        Assert.True(none.IsFaulted);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => none.AsTask());
        Assert.Contains("LeaseTaskStore.SingleValueTask expects exactly one row", error.Message);

        using var canceled = new CancellationTokenSource();
        await canceled.CancelAsync();
        ValueTask<Block> stopped = store.SingleValueTask(lease, "missing", canceled.Token);
        Assert.True(stopped.IsCanceled);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => stopped.AsTask());
    }
}
