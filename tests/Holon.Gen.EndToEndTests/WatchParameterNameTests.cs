using Holon.Data;

namespace Holon.Gen.EndToEndTests;

/// <summary>Parameter names that may not name tuple elements (Item2 first, Rest, ToString) still bind to their own SQL parameters.</summary>
public sealed partial class ReservedNameWatchStore(SqlitePool pool)
{
    [Watch("SELECT count(*) FROM blocks WHERE sort_key >= @Item2 AND parent_id = @Rest AND content <> @ToString")]
    public partial IAsyncEnumerable<int> WatchCount(long Item2, string Rest, string ToString, CancellationToken ct = default);
}

public sealed class WatchParameterNameTests : IDisposable
{
    private readonly TestDatabase _db = new();

    public void Dispose() => _db.Dispose();

    [Fact]
    public async Task Watch_with_reserved_tuple_names_binds_each_argument_by_position()
    {
        var ct = TestContext.Current.CancellationToken;
        var blocks = new BlockStore(_db.Pool);
        await blocks.InsertAsync(new Block("a", "root", "keep", 1), ct);
        await blocks.InsertAsync(new Block("b", "root", "keep", 2), ct);
        await blocks.InsertAsync(new Block("c", "root", "skip", 3), ct);
        await blocks.InsertAsync(new Block("d", "other", "keep", 4), ct);
        await blocks.InsertAsync(new Block("e", "root", "keep", 5), ct);

        // sort_key >= 2, parent 'root', content not 'skip': b and e. Swapped arguments would give another count.
        int? first = null;
        await foreach (var count in new ReservedNameWatchStore(_db.Pool).WatchCount(2, "root", "skip", ct))
        {
            first = count;
            break;
        }
        Assert.Equal(2, first);
    }
}
