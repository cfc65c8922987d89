using Microsoft.Extensions.DependencyInjection;

namespace Holon.Data.DependencyInjection.Tests;

public sealed class StoreTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task A_generated_store_takes_its_keyed_pool_from_the_primary_constructor()
    {
        var services = new ServiceCollection();
        services.AddKeyedSqlitePool("notes", _folder.ConnectionString("notes.db"));
        services.AddKeyedSqlitePool("cache", _folder.ConnectionString("cache.db"));
        services.AddSingleton<NoteStore>();
        await using var provider = services.BuildServiceProvider();

        var store = provider.GetRequiredService<NoteStore>();
        Assert.Same(provider.GetRequiredKeyedService<SqlitePool>("notes"), store.Pool);
        store.CreateTable();
        Assert.Equal(1, store.Insert(7, "seven"));
        Assert.Equal(new Note(7, "seven"), store.Get(7));
        Assert.Equal(new Note(7, "seven"), await store.GetAsync(7, TestContext.Current.CancellationToken));

        // The generated body rented from the notes pool, not the cache pool.
        using var cache = provider.GetRequiredKeyedService<SqlitePool>("cache").RentReader(TestContext.Current.CancellationToken);
        Assert.Equal(0L, cache.Scalar<long>("SELECT count(*) FROM sqlite_master WHERE name = 'notes'"));
    }

    [Fact]
    public void AddSingleton_of_a_generated_store_just_works()
    {
        var services = new ServiceCollection();
        services.AddSqlitePool(_folder.ConnectionString("blocks.db"));
        services.AddSingleton<BlockStore>();
        using var provider = services.BuildServiceProvider();

        var store = provider.GetRequiredService<BlockStore>();
        Assert.Same(provider.GetRequiredService<SqlitePool>(), store.Pool);
        store.CreateTable();
        store.Insert("a", "x");
        store.Insert("b", "y");
        Assert.Equal(2L, store.Count());
    }
}
