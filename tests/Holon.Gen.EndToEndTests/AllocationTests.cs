namespace Holon.Gen.EndToEndTests;

public sealed class AllocationTests
{
    [Fact]
    public async Task ValueTask_method_completing_synchronously_allocates_nothing()
    {
        using var db = new TestDatabase();
        var store = new BlockStore(db.Pool);
        await store.InsertAsync(new Block("a", null, "A", 7), TestContext.Current.CancellationToken);

        // warm up: prepare the statement on the reader connection and JIT everything
        Measure(store, 20);
        var (sum, allocated) = Measure(store, 100);
        Assert.Equal(700, sum);
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
}
