namespace Holon.Data.ReliabilityTests.Infrastructure;

/// <summary>
/// Rents on a separate async flow. The pool treats a writer rent from a flow that already holds the writer as
/// reentrancy (it throws instead of deadlocking), so a test that holds the writer and then queues more writers
/// must rent the holder elsewhere, as two independent callers would.
/// </summary>
internal static class OtherFlow
{
    public static Task<ConnectionLease> RentWriterAsync(SqlitePool pool)
    {
        // SuppressFlow: the rent's AsyncLocal marker stays in the other flow and never reaches the caller.
        using (ExecutionContext.SuppressFlow())
        {
            return Task.Run(() => pool.RentWriterAsync(TestContext.Current.CancellationToken).AsTask());
        }
    }

    public static Task<ConnectionLease> RentWriter(SqlitePool pool, Func<SqlitePool, ConnectionLease> rent)
    {
        using (ExecutionContext.SuppressFlow())
        {
            return Task.Run(() => rent(pool));
        }
    }
}
