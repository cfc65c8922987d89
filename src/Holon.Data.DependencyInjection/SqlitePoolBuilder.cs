using System.Collections;
using Holon.Data;
using Holon.Data.DependencyInjection;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// What <c>AddSqlitePool</c> and <c>AddKeyedSqlitePool</c> return: the pool just registered, to configure further
/// (<see cref="WithMigrations"/>). It is also the <see cref="IServiceCollection"/> it was called on (every member
/// forwards to <see cref="Services"/>), so <c>services.AddSqlitePool(…).AddSingleton&lt;BlockStore&gt;()</c> chains
/// as it did when <c>AddSqlitePool</c> returned the collection.
/// </summary>
public sealed class SqlitePoolBuilder : IServiceCollection
{
    internal SqlitePoolBuilder(IServiceCollection services, object? serviceKey)
    {
        // services.AddSqlitePool(a).AddKeyedSqlitePool("b", …): keep one level, not a builder around a builder.
        Services = services is SqlitePoolBuilder outer ? outer.Services : services;
        ServiceKey = serviceKey;
    }

    /// <summary>The service collection the pool was registered in.</summary>
    public IServiceCollection Services { get; }

    /// <summary>The key of a pool from <c>AddKeyedSqlitePool</c>; null for <c>AddSqlitePool</c>'s pool.</summary>
    public object? ServiceKey { get; }

    /// <summary>
    /// Applies <paramref name="migrations"/> (usually <c>HolonMigrations.All</c>) to this pool while the host starts, before
    /// any hosted service's <c>StartAsync</c> and so before the app serves. A failure makes <c>host.StartAsync</c> throw the
    /// <see cref="MigrationException"/>; nothing else starts. Call once per pool. The same as
    /// <see cref="SqlitePoolMigrationServiceCollectionExtensions.MigrateSqlitePoolOnStartup"/> with this pool's key.
    /// </summary>
    /// <param name="migrations">The migrations, in any order; see <see cref="SqlitePool.MigrateAsync"/>.</param>
    /// <returns>This builder, for chaining.</returns>
    public SqlitePoolBuilder WithMigrations(IReadOnlyList<Migration> migrations)
    {
        SqlitePoolMigrationServiceCollectionExtensions.AddMigrationService(Services, migrations, ServiceKey, nameof(WithMigrations));
        return this;
    }

    /// <inheritdoc/>
    public ServiceDescriptor this[int index] { get => Services[index]; set => Services[index] = value; }

    /// <inheritdoc/>
    public int Count => Services.Count;

    /// <inheritdoc/>
    public bool IsReadOnly => Services.IsReadOnly;

    /// <inheritdoc/>
    public void Add(ServiceDescriptor item) => Services.Add(item);

    /// <inheritdoc/>
    public void Clear() => Services.Clear();

    /// <inheritdoc/>
    public bool Contains(ServiceDescriptor item) => Services.Contains(item);

    /// <inheritdoc/>
    public void CopyTo(ServiceDescriptor[] array, int arrayIndex) => Services.CopyTo(array, arrayIndex);

    /// <inheritdoc/>
    public IEnumerator<ServiceDescriptor> GetEnumerator() => Services.GetEnumerator();

    /// <inheritdoc/>
    public int IndexOf(ServiceDescriptor item) => Services.IndexOf(item);

    /// <inheritdoc/>
    public void Insert(int index, ServiceDescriptor item) => Services.Insert(index, item);

    /// <inheritdoc/>
    public bool Remove(ServiceDescriptor item) => Services.Remove(item);

    /// <inheritdoc/>
    public void RemoveAt(int index) => Services.RemoveAt(index);

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
