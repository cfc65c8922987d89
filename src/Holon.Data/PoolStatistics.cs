namespace Holon.Data;

/// <summary>A snapshot of a <see cref="SqlitePool"/>'s counters (<see cref="SqlitePool.Statistics"/>).</summary>
/// <param name="ConnectionsCreated">Physical connections opened since the pool was created.</param>
/// <param name="ConnectionsOpen">Physical connections open now (idle or rented).</param>
/// <param name="LeasesGranted">Leases handed out since the pool was created.</param>
/// <param name="LeaseWaits">Rents that found no free connection and had to wait.</param>
/// <param name="Timeouts">Rents that failed with <see cref="PoolTimeoutException"/>.</param>
/// <param name="StatementsPrepared">Statements prepared (<c>sqlite3_prepare_v3</c>) across all connections.</param>
/// <param name="StatementCacheHits">Statement requests served by a connection's cache.</param>
/// <param name="StatementCacheMisses">Statement requests that had to prepare.</param>
/// <param name="ConnectionsInUse">Physical connections rented out now.</param>
/// <param name="ConnectionsBroken">Connections found broken on return and replaced.</param>
/// <param name="LeasesLeaked">Leases never disposed, detected when their connection was finalized.</param>
/// <param name="StatementsEvicted">Ad-hoc statements evicted from a connection's LRU cache.</param>
public readonly record struct PoolStatistics(
    long ConnectionsCreated,
    int ConnectionsOpen,
    long LeasesGranted,
    long LeaseWaits,
    long Timeouts,
    long StatementsPrepared,
    long StatementCacheHits,
    long StatementCacheMisses,
    int ConnectionsInUse,
    long ConnectionsBroken,
    long LeasesLeaked,
    long StatementsEvicted);
