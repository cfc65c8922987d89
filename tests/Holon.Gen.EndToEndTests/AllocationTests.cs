using Holon.Data.Tests; // AllocationMeter and AllocationCollection, linked from the runtime tests

namespace Holon.Gen.EndToEndTests;

/// <summary>
/// Allocation counts are taken where they are stable under load: on a dedicated thread (a thread-pool thread may
/// also run timers and continuations, which GC.GetAllocatedBytesForCurrentThread would count), after a warm-up,
/// as the minimum over several rounds (noise only adds bytes; a real allocation shows in every round), in a
/// collection that runs alone.
/// </summary>
[Collection(AllocationCollection.Name)]
public sealed class AllocationTests
{
    private const int Rounds = 20;

    [Fact]
    public async Task ValueTask_method_completing_synchronously_allocates_nothing()
    {
        using var db = new TestDatabase();
        var store = new BlockStore(db.Pool);
        await store.InsertAsync(new Block("a", null, "A", 7), TestContext.Current.CancellationToken);

        long allocated = long.MaxValue;
        AllocationMeter.RunOnDedicatedThread(() =>
        {
            // warm up: prepare the statement on the reader connection and JIT everything
            Measure(store, 500);
            for (int round = 0; round < Rounds && allocated > 0; round++)
            {
                var (sum, bytes) = Measure(store, 100);
                Assert.Equal(700, sum);
                allocated = Math.Min(allocated, bytes);
            }
        });
        Assert.Equal(0, allocated);
    }

    /// <summary>Calls the ValueTask method synchronously (it completes at once when a reader is free).</summary>
    private static (long Sum, long Allocated) Measure(BlockStore store, int calls)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        long sum = 0;
        for (int i = 0; i < calls; i++)
        {
            var pending = store.MaxSortKeyAsync(CancellationToken.None);
            if (!pending.IsCompletedSuccessfully) throw new InvalidOperationException("the pool had no free reader");
            sum += pending.Result!.Value;
        }
        return (sum, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public async Task A_converted_value_binds_and_reads_without_allocating()
    {
        using var db = new TestDatabase();
        using (var lease = db.Pool.RentWriter(TestContext.Current.CancellationToken))
            lease.Execute("CREATE TABLE contacts (id INTEGER PRIMARY KEY, email TEXT NOT NULL, share INTEGER NOT NULL)");
        var store = new ConversionErrorStore(db.Pool);
        await Task.Run(() => store.Insert(new Contact(1, new Email("a@b"), new Percent(7))), TestContext.Current.CancellationToken);

        long allocated = long.MaxValue;
        AllocationMeter.RunOnDedicatedThread(() =>
        {
            MeasureShares(store, 500);
            for (int round = 0; round < Rounds && allocated > 0; round++)
            {
                var (sum, bytes) = MeasureShares(store, 100);
                Assert.Equal(700, sum);
                allocated = Math.Min(allocated, bytes);
            }
        });
        Assert.Equal(0, allocated);
    }

    /// <summary>Binds a <see cref="Percent"/> through its converter and reads one back, synchronously completed.</summary>
    private static (long Sum, long Allocated) MeasureShares(ConversionErrorStore store, int calls)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        long sum = 0;
        for (int i = 0; i < calls; i++)
        {
            var pending = store.SameShareAsync(new Percent(7), CancellationToken.None);
            if (!pending.IsCompletedSuccessfully) throw new InvalidOperationException("the pool had no free reader");
            sum += pending.Result!.Value.Value;
        }
        return (sum, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
