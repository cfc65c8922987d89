using Npgsql;

namespace Holon.Data.Npgsql.Tests;

public sealed record BulkItem(string Name, long Qty);

/// <summary>Bulk commands on PostgreSQL: one statement per element, all in one transaction or a savepoint of the caller's.</summary>
public sealed partial class BulkStore(NpgsqlDataSource source)
{
    public const string Schema = "CREATE TABLE items (id bigserial PRIMARY KEY, name text NOT NULL UNIQUE, qty bigint NOT NULL, tenant text)";

    [Command("INSERT INTO items (name, qty) VALUES (@name, @qty)")]
    public partial int InsertMany(IReadOnlyList<BulkItem> items);

    [Command("INSERT INTO items (name, qty) VALUES (@name, @qty)")]
    public partial Task<int> InsertManyAsync(IEnumerable<BulkItem> items, CancellationToken ct);

    [Command("INSERT INTO items (name, qty) VALUES (@name, @qty)")]
    public partial ValueTask<int> InsertStreamAsync(IAsyncEnumerable<BulkItem> items, CancellationToken ct);

    [Command("INSERT INTO items (name, qty, tenant) VALUES (@name, @qty, @tenant)")]
    public partial Task InsertForTenantAsync(string tenant, BulkItem[] items, CancellationToken ct);

    [Command("INSERT INTO items (name, qty) VALUES (@name, @qty)")]
    public partial Task<int> InsertManyAsync(NpgsqlConnection connection, IReadOnlyList<BulkItem> items, CancellationToken ct);

    [Command("INSERT INTO items (name, qty) VALUES (@name, @qty)")]
    public partial Task<int> InsertOneAsync(NpgsqlConnection connection, BulkItem item, CancellationToken ct);

    [Query("SELECT count(*)::int FROM items", ReadFromPrimary = true)]
    public partial Task<int> CountAsync(CancellationToken ct);

    [Query("SELECT count(*)::int FROM items WHERE tenant = @tenant", ReadFromPrimary = true)]
    public partial Task<int> CountForAsync(string tenant, CancellationToken ct);
}

public sealed class BulkTests(PgFixture pg)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<(TempSchema Schema, BulkStore Store)> StoreAsync()
    {
        pg.Require();
        var schema = await TempSchema.CreateAsync(pg, Ct);
        await schema.ExecuteAsync(BulkStore.Schema, Ct);
        return (schema, new BulkStore(schema.Source));
    }

    private static List<BulkItem> Items(int count) => Enumerable.Range(0, count).Select(i => new BulkItem("item" + i, i)).ToList();

    /// <summary>Element 500 repeats element 0's name: the UNIQUE constraint fails there.</summary>
    private static List<BulkItem> FailingAt500()
    {
        var items = Items(1000);
        items[500] = new BulkItem("item0", 1);
        return items;
    }

    [Fact]
    public async Task Commits_every_row_sync_and_async()
    {
        var (schema, store) = await StoreAsync();
        await using var _ = schema;
        Assert.Equal(1000, store.InsertMany(Items(1000)));
        Assert.Equal(1000, await store.CountAsync(Ct));
        Assert.Equal(0, await store.InsertManyAsync(Array.Empty<BulkItem>(), Ct));
        await schema.ExecuteAsync("DELETE FROM items", Ct);
        Assert.Equal(1000, await store.InsertManyAsync(Items(1000), Ct));
        Assert.Equal(1000, await store.CountAsync(Ct));
    }

    [Fact]
    public async Task Async_enumerable_source_commits_every_row()
    {
        var (schema, store) = await StoreAsync();
        await using var _ = schema;
        static async IAsyncEnumerable<BulkItem> Source()
        {
            for (int i = 0; i < 300; i++)
            {
                if (i % 100 == 0) await Task.Yield();
                yield return new BulkItem("item" + i, i);
            }
        }
        Assert.Equal(300, await store.InsertStreamAsync(Source(), Ct));
        Assert.Equal(300, await store.CountAsync(Ct));
    }

    [Fact]
    public async Task A_scalar_parameter_beside_the_rows_binds_for_every_element()
    {
        var (schema, store) = await StoreAsync();
        await using var _ = schema;
        await store.InsertForTenantAsync("t1", Items(5).ToArray(), Ct);
        Assert.Equal(5, await store.CountForAsync("t1", Ct));
    }

    [Fact]
    public async Task A_failing_element_writes_nothing_and_names_method_sql_and_index()
    {
        var (schema, store) = await StoreAsync();
        await using var _ = schema;
        var e = Assert.Throws<BulkCommandException>(() => store.InsertMany(FailingAt500()));
        Assert.Equal(500, e.Index);
        Assert.Contains("Holon.Data.Npgsql.Tests.BulkStore.InsertMany", e.Message);
        Assert.Contains("element 500", e.Message);
        Assert.Contains("INSERT INTO items (name, qty) VALUES ($1, $2)", e.Message);
        Assert.IsType<NpgsqlStatementException>(e.InnerException);
        Assert.Equal(0, await store.CountAsync(Ct));

        var async = await Assert.ThrowsAsync<BulkCommandException>(() => store.InsertManyAsync(FailingAt500(), Ct));
        Assert.Equal(500, async.Index);
        Assert.Equal(0, await store.CountAsync(Ct));
    }

    [Fact]
    public async Task A_null_element_names_its_index()
    {
        var (schema, store) = await StoreAsync();
        await using var _ = schema;
        var items = Items(3);
        items[2] = null!;
        var e = await Assert.ThrowsAsync<BulkCommandException>(() => store.InsertManyAsync(items, Ct));
        Assert.Equal(2, e.Index);
        Assert.IsType<ArgumentNullException>(e.InnerException);
        Assert.Equal(0, await store.CountAsync(Ct));
    }

    [Fact]
    public async Task On_a_callers_connection_the_callers_commit_and_rollback_decide()
    {
        var (schema, store) = await StoreAsync();
        await using var _ = schema;
        await using (var c = await schema.Source.OpenConnectionAsync(Ct))
        await using (var tx = await c.BeginTransactionAsync(Ct))
        {
            Assert.Equal(10, await store.InsertManyAsync(c, Items(10), Ct));
            await tx.RollbackAsync(Ct);
        }
        Assert.Equal(0, await store.CountAsync(Ct));
        await using (var c = await schema.Source.OpenConnectionAsync(Ct))
        await using (var tx = await c.BeginTransactionAsync(Ct))
        {
            Assert.Equal(10, await store.InsertManyAsync(c, Items(10), Ct));
            await tx.CommitAsync(Ct);
        }
        Assert.Equal(10, await store.CountAsync(Ct));
    }

    [Fact]
    public async Task A_failing_batch_leaves_the_callers_earlier_writes_and_transaction_usable()
    {
        var (schema, store) = await StoreAsync();
        await using var _ = schema;
        await using (var c = await schema.Source.OpenConnectionAsync(Ct))
        await using (var tx = await c.BeginTransactionAsync(Ct))
        {
            await store.InsertOneAsync(c, new BulkItem("before", 1), Ct);
            var e = await Assert.ThrowsAsync<BulkCommandException>(() => store.InsertManyAsync(c, FailingAt500(), Ct));
            Assert.Equal(500, e.Index);
            await store.InsertOneAsync(c, new BulkItem("after", 2), Ct);
            await tx.CommitAsync(Ct);
        }
        Assert.Equal(2, await store.CountAsync(Ct));
    }
}
