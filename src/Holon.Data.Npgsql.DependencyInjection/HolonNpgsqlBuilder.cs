using System.Collections;
using Holon.Data;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// What <c>AddHolonNpgsql</c> returns: the registered <see cref="Npgsql.NpgsqlDataSource"/> it names (by
/// <see cref="ServiceKey"/>), to configure (<see cref="WithMigrations"/>). It is also the <see cref="IServiceCollection"/>
/// it was called on (every member forwards to <see cref="Services"/>), so registrations chain after it.
/// </summary>
public sealed class HolonNpgsqlBuilder : IServiceCollection
{
    internal HolonNpgsqlBuilder(IServiceCollection services, object? serviceKey)
    {
        // services.AddHolonNpgsql().AddHolonNpgsql("b"): keep one level, not a builder around a builder.
        Services = services is HolonNpgsqlBuilder outer ? outer.Services : services;
        ServiceKey = serviceKey;
    }

    /// <summary>The service collection the data source is registered in.</summary>
    public IServiceCollection Services { get; }

    /// <summary>The key the data source is registered under; null for the unkeyed one.</summary>
    public object? ServiceKey { get; }

    /// <summary>
    /// Applies <paramref name="migrations"/> to this data source, on its primary, while the host starts, before any
    /// hosted service's <c>StartAsync</c> and so before the app serves. A failure makes <c>host.StartAsync</c> throw the
    /// <see cref="MigrationException"/>; nothing else starts. Call once per data source. The same as
    /// <see cref="NpgsqlMigrationServiceCollectionExtensions.MigrateNpgsqlDataSourceOnStartup"/> with this key.
    /// </summary>
    /// <param name="migrations">The PostgreSQL migrations, in any order; see <see cref="NpgsqlMigrations.MigrateAsync"/>.</param>
    /// <returns>This builder, for chaining.</returns>
    public HolonNpgsqlBuilder WithMigrations(IReadOnlyList<Migration> migrations)
    {
        NpgsqlMigrationServiceCollectionExtensions.AddMigrationService(Services, migrations, ServiceKey, nameof(WithMigrations));
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
