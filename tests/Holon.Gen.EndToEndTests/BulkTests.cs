using Holon.Data.Tests;
using Microsoft.Data.Sqlite;
using Holon.Data;

namespace Holon.Gen.EndToEndTests;

public sealed class BulkTests : IDisposable
{
    private readonly TestDatabase _db = new();
    private readonly BulkStore _store;

    public BulkTests()
    {
        using (var lease = _db.Pool.RentWriter(TestContext.Current.CancellationToken)) lease.Execute(BulkStore.Schema);
        _store = new BulkStore(_db.Pool);
    }

    public void Dispose() => _db.Dispose();

    private static List<Item> Items(int count, string prefix = "item") =>
        Enumerable.Range(0, count).Select(i => new Item(prefix + i, i)).ToList();

    /// <summary>Element 500 repeats element 0's name: the UNIQUE constraint fails there.</summary>
    private static List<Item> FailingAt500()
    {
        var items = Items(1000);
        items[500] = new Item("item0", 1);
        return items;
    }

    [Fact]
    public void Commits_every_row_and_returns_the_total()
    {
        Assert.Equal(1000, _store.InsertMany(Items(1000)));
        Assert.Equal(1000, _store.Count());
    }

    [Fact]
    public void Void_and_array_forms_commit_every_row()
    {
        _store.InsertArray(Items(10).ToArray());
        Assert.Equal(10, _store.Count());
    }

    [Fact]
    public async Task Async_form_commits_every_row()
    {
        Assert.Equal(1000, await _store.InsertManyAsync(Items(1000), TestContext.Current.CancellationToken));
        Assert.Equal(1000, _store.Count());
    }

    [Fact]
    public async Task Async_enumerable_source_is_enumerated_inside_the_transaction()
    {
        static async IAsyncEnumerable<Item> Source()
        {
            for (int i = 0; i < 1000; i++)
            {
                if (i % 100 == 0) await Task.Yield();
                yield return new Item("item" + i, i);
            }
        }
        Assert.Equal(1000, await _store.InsertStreamAsync(Source(), TestContext.Current.CancellationToken));
        Assert.Equal(1000, _store.Count());
    }

    [Fact]
    public void Empty_list_writes_nothing_and_returns_0()
    {
        Assert.Equal(0, _store.InsertMany(Array.Empty<Item>()));
        Assert.Equal(0, _store.Count());
    }

    [Fact]
    public void A_failing_element_writes_nothing_and_names_method_sql_and_index()
    {
        var e = Assert.Throws<BulkCommandException>(() => _store.InsertMany(FailingAt500()));
        Assert.Equal(500, e.Index);
        Assert.Equal("Holon.Gen.EndToEndTests.BulkStore.InsertMany", e.Origin);
        Assert.Contains("Holon.Gen.EndToEndTests.BulkStore.InsertMany", e.Message);
        Assert.Contains("element 500", e.Message);
        Assert.Contains("INSERT INTO items (name, qty) VALUES (@name, @qty)", e.Message);
        Assert.IsType<SqliteException>(e.InnerException);
        Assert.Equal(0, _store.Count());
    }

    [Fact]
    public async Task A_failing_element_of_an_async_form_writes_nothing()
    {
        var e = await Assert.ThrowsAsync<BulkCommandException>(
            () => _store.InsertManyAsync(FailingAt500(), TestContext.Current.CancellationToken));
        Assert.Equal(500, e.Index);
        Assert.Equal(0, _store.Count());
    }

    [Fact]
    public void A_null_element_names_its_index_and_writes_nothing()
    {
        var items = Items(3);
        items[1] = null!;
        var e = Assert.Throws<BulkCommandException>(() => _store.InsertMany(items));
        Assert.Equal(1, e.Index);
        Assert.IsType<ArgumentNullException>(e.InnerException);
        Assert.Contains("element 1 of 'items' is null", e.Message);
        Assert.Equal(0, _store.Count());
    }

    [Fact]
    public void A_null_list_is_ArgumentNullException()
    {
        var e = Assert.Throws<ArgumentNullException>(() => _store.InsertMany(null!));
        Assert.Equal("items", e.ParamName);
    }

    [Fact]
    public void A_scalar_parameter_beside_the_rows_binds_for_every_element()
    {
        Assert.Equal(5, _store.InsertForTenant("t1", Items(5)));
        Assert.Equal(5, _store.CountFor("t1"));
    }

    [Fact]
    public async Task Cancellation_before_the_run_writes_nothing()
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _store.InsertManyAsync(Items(10), cts.Token));
        Assert.Equal(0, _store.Count());
    }

    [Fact]
    public async Task Cancellation_between_elements_writes_nothing()
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        IEnumerable<Item> Source()
        {
            for (int i = 0; i < 100; i++)
            {
                if (i == 50) cts.Cancel();
                yield return new Item("item" + i, i);
            }
        }
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _store.InsertManyAsync(Source(), cts.Token));
        Assert.Equal(0, _store.Count());
    }

    [Fact]
    public void On_a_callers_lease_the_callers_commit_decides()
    {
        using (var lease = _db.Pool.RentWriter(TestContext.Current.CancellationToken))
        using (var tx = lease.BeginTransaction())
        {
            Assert.Equal(10, _store.InsertMany(lease, Items(10)));
            tx.Commit();
        }
        Assert.Equal(10, _store.Count());
    }

    [Fact]
    public void On_a_callers_lease_the_callers_rollback_decides()
    {
        using (var lease = _db.Pool.RentWriter(TestContext.Current.CancellationToken))
        using (var tx = lease.BeginTransaction())
        {
            Assert.Equal(10, _store.InsertMany(lease, Items(10)));
            tx.Rollback();
        }
        Assert.Equal(0, _store.Count());
    }

    [Fact]
    public void A_failing_batch_leaves_the_callers_earlier_writes_and_transaction_usable()
    {
        using (var lease = _db.Pool.RentWriter(TestContext.Current.CancellationToken))
        using (var tx = lease.BeginTransaction())
        {
            _store.InsertOne(lease, new Item("before", 1));
            var e = Assert.Throws<BulkCommandException>(() => _store.InsertMany(lease, FailingAt500()));
            Assert.Equal(500, e.Index);
            _store.InsertOne(lease, new Item("after", 2));
            tx.Commit();
        }
        Assert.Equal(2, _store.Count());
    }

    [Fact]
    public async Task An_async_source_holds_the_writer_while_awaited_and_its_error_writes_nothing()
    {
        int inUseWhileAwaited = -1;
        async IAsyncEnumerable<Item> Source()
        {
            for (int i = 0; i < 1000; i++)
            {
                if (i == 500)
                {
                    await Task.Yield();
                    inUseWhileAwaited = _db.Pool.Statistics.ConnectionsInUse;
                    throw new InvalidOperationException("source failed");
                }
                yield return new Item("item" + i, i);
            }
        }
        var e = await Assert.ThrowsAsync<InvalidOperationException>(
            async () => await _store.InsertStreamAsync(Source(), TestContext.Current.CancellationToken));
        Assert.Equal("source failed", e.Message);
        Assert.Equal(1, inUseWhileAwaited);
        Assert.Equal(0, _db.Pool.Statistics.ConnectionsInUse);
        Assert.Equal(0, _store.Count());
    }

    [Fact]
    public void Allocation_does_not_grow_with_the_number_of_elements()
    {
        var few = Items(10);
        var many = Items(1000);
        long Min(List<Item> items)
        {
            long best = long.MaxValue;
            for (int round = 0; round < 10; round++)
            {
                long before = GC.GetAllocatedBytesForCurrentThread();
                Assert.Equal(items.Count, _store.Upsert(items));
                best = Math.Min(best, GC.GetAllocatedBytesForCurrentThread() - before);
            }
            return best;
        }
        long fewBytes = 0, manyBytes = 0;
        AllocationMeter.RunOnDedicatedThread(() =>
        {
            Min(few);
            Min(many); // warm up: prepare and JIT
            fewBytes = Min(few);
            manyBytes = Min(many);
        });
        Assert.True(manyBytes <= fewBytes, $"1,000 elements allocated {manyBytes} B, 10 elements {fewBytes} B");
    }
}
