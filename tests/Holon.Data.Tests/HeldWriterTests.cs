namespace Holon.Data.Tests;

/// <summary>
/// Reads on a flow that holds the writer borrow it; writer streams mark the enumerating flow
/// (item 3); savepoints for generated commands work outside, inside and beside transactions (item 2).
/// </summary>
public class HeldWriterTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RentForRead_on_the_holding_flow_borrows_the_writer_and_returning_it_keeps_the_writer_rented()
    {
        using var db = new TempDb();
        using var pool = new SqlitePool(db.Options(maxReaders: 1));
        using (var writer = pool.RentWriter(Ct))
        {
            writer.Execute("CREATE TABLE t (x)");
            using var tx = writer.BeginTransaction();
            writer.Execute("INSERT INTO t VALUES (1)");
            using (var read = pool.RentForRead(Ct))
            {
                Assert.True(read.IsBorrowed);
                Assert.True(read.IsWriter);
                Assert.Equal(1, read.Scalar<long>("SELECT count(*) FROM t"));
            }
            var asyncRead = await pool.RentForReadAsync(Ct);
            Assert.True(asyncRead.IsBorrowed);
            asyncRead.Dispose();
            asyncRead.Dispose();
            Assert.True(writer.IsActive);
            Assert.True(tx.IsActive);
            // The reader was never rented, so the only reader is free; and it sees the committed state only.
            using (var reader = pool.RentReader(Ct)) Assert.Equal(0, reader.Scalar<long>("SELECT count(*) FROM t"));
            tx.Commit();
        }
        Assert.Equal(0, pool.Statistics.ConnectionsInUse);
        using var after = pool.RentForRead(Ct);
        Assert.False(after.IsBorrowed);
        Assert.False(after.IsWriter);
        Assert.Equal(1, after.Scalar<long>("SELECT count(*) FROM t"));
    }

    [Fact]
    public void A_borrowed_lease_is_dead_once_the_writer_goes_back()
    {
        using var db = new TempDb();
        using var pool = new SqlitePool(db.Options());
        ConnectionLease borrowed;
        using (var writer = pool.RentWriter(Ct)) borrowed = pool.RentForRead(Ct);
        Assert.False(borrowed.IsActive);
        Assert.Throws<ObjectDisposedException>(() => borrowed.Scalar<long>("SELECT 1"));
    }

    [Fact]
    public void Without_reentrancy_detection_RentForRead_rents_a_reader()
    {
        using var db = new TempDb();
        var options = db.Options();
        options.DetectWriterReentrancy = false;
        using var pool = new SqlitePool(options);
        using var writer = pool.RentWriter(Ct);
        using var read = pool.RentForRead(Ct);
        Assert.False(read.IsBorrowed);
        Assert.False(read.IsWriter);
    }

    [Fact]
    public async Task StreamOnWriter_marks_the_enumerating_flow_and_returns_the_writer_at_the_end()
    {
        using var db = new TempDb();
        var options = db.Options();
        options.AcquireTimeout = TimeSpan.FromSeconds(20);
        using var pool = new SqlitePool(options);
        pool.RentWriter(Ct).Execute_("CREATE TABLE t (x)");
        var stream = pool.StreamOnWriter(Rows, Ct);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await foreach (long x in stream) pool.RentWriter(Ct).Dispose();
        });
        Assert.Contains("already holds the writer", error.Message);
        Assert.Equal(0, pool.Statistics.Timeouts);
        // Fully enumerated, it gives the writer back.
        var seen = new List<long>();
        await foreach (long x in stream) seen.Add(x);
        Assert.Equal([1L, 2L], seen);
        using var again = pool.RentWriter(Ct);
        Assert.Equal(3, again.Scalar<long>("SELECT count(*) FROM t")); // one from the aborted run, two from the full one

        static async IAsyncEnumerable<long> Rows(ConnectionLease lease, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
        {
            await Task.Yield();
            for (long i = 1; i <= 2; i++)
            {
                lease.Execute("INSERT INTO t VALUES (?1)", i);
                yield return i;
            }
        }
    }

    [Fact]
    public void BeginSavepoint_rolls_back_alone_outside_beside_and_inside_transactions()
    {
        using var db = new TempDb();
        using var pool = new SqlitePool(db.Options());
        using var lease = pool.RentWriter(Ct);
        lease.Execute("CREATE TABLE t (x)");

        // Outside a transaction: commit keeps, dispose undoes.
        using (var sp = LeaseTransaction.BeginSavepoint(lease)) { lease.Execute("INSERT INTO t VALUES (1)"); sp.Commit(); }
        using (LeaseTransaction.BeginSavepoint(lease)) lease.Execute("INSERT INTO t VALUES (2)");
        Assert.Equal(1, lease.Scalar<long>("SELECT count(*) FROM t"));

        // Inside the caller's transaction: only the savepoint's work goes; the transaction stays usable.
        using (var tx = lease.BeginTransaction())
        {
            lease.Execute("INSERT INTO t VALUES (3)");
            using (LeaseTransaction.BeginSavepoint(lease)) lease.Execute("INSERT INTO t VALUES (4)");
            Assert.True(tx.IsActive);
            lease.Execute("INSERT INTO t VALUES (5)");
            tx.Commit();
        }
        Assert.Equal([1L, 3L, 5L], lease.Query("SELECT x FROM t ORDER BY x", s => s.GetInt64(0)));

        // Inside a transaction begun by hand: the savepoint does not commit it.
        lease.Execute("BEGIN");
        using (var sp = LeaseTransaction.BeginSavepoint(lease)) { lease.Execute("INSERT INTO t VALUES (6)"); sp.Commit(); }
        lease.Execute("ROLLBACK");
        Assert.Equal(3, lease.Scalar<long>("SELECT count(*) FROM t"));
    }
}
