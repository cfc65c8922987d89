using System.Diagnostics;
using Holon.Data;

namespace Holon.Gen.EndToEndTests;

/// <summary>RETURNING shapes roll back, RETURNING streams mark the flow, and reads see the held writer.</summary>
public sealed class WriterFlowTests : IDisposable
{
    private readonly TestDatabase _db = new();
    private readonly NoteStore _store;
    private CancellationToken Ct => TestContext.Current.CancellationToken;

    public WriterFlowTests()
    {
        _store = new NoteStore(_db.Pool);
    }

    public void Dispose() => _db.Dispose();

    // Item 2: a violated single-row shape leaves nothing it did.

    [Fact]
    public void Int_with_RETURNING_matching_two_rows_throws_and_deletes_nothing()
    {
        _store.Insert("dup");
        _store.Insert("dup");
        var error = Assert.Throws<InvalidOperationException>(() => _store.DeleteOne("dup"));
        Assert.Contains("NoteStore.DeleteOne", error.Message);
        Assert.Contains("rolled back", error.Message);
        Assert.Equal(2, _store.Count());
        // The writer is healthy afterwards: a one-row delete works and commits.
        _store.Insert("single");
        Assert.True(_store.DeleteOne("single") > 0);
        Assert.Equal(2, _store.Count());
    }

    [Fact]
    public void On_a_callers_lease_the_violation_rolls_back_too()
    {
        using (var lease = _db.Pool.RentWriter(Ct))
        {
            _store.Insert(lease, "dup");
            _store.Insert(lease, "dup");
            Assert.Throws<InvalidOperationException>(() => _store.DeleteOne(lease, "dup"));
        }
        Assert.Equal(2, _store.Count());
    }

    [Fact]
    public void Inside_the_callers_transaction_only_the_command_is_rolled_back_and_the_transaction_stays_usable()
    {
        using (var lease = _db.Pool.RentWriter(Ct))
        {
            using var tx = lease.BeginTransaction();
            _store.Insert(lease, "dup");
            _store.Insert(lease, "dup");
            Assert.Throws<InvalidOperationException>(() => _store.DeleteOne(lease, "dup"));
            Assert.True(tx.IsActive);
            _store.Insert(lease, "after");
            tx.Commit();
        }
        Assert.Equal(3, _store.Count());
    }

    [Fact]
    public async Task Nullable_shape_allows_none_but_not_two()
    {
        Assert.Null(await _store.DeleteAtMostOneAsync("missing", Ct));
        _store.Insert("dup");
        _store.Insert("dup");
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => _store.DeleteAtMostOneAsync("dup", Ct));
        Assert.Contains("at most one row", error.Message);
        Assert.Equal(2, _store.Count());
        Assert.Null(_store.Retitle("missing", "x"));
        long id = _store.Insert("one");
        Assert.Equal(new Note(id, "one", "body"), _store.Retitle("one", "body"));
    }

    // Item 3: reusing the writer inside a RETURNING stream fails at once.

    [Fact]
    public async Task Renting_the_writer_inside_a_RETURNING_stream_throws_at_once()
    {
        var clock = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await foreach (var id in _store.InsertStream("outer", Ct))
            {
                Assert.True(id > 0);
                _store.Insert("inner");
            }
        });
        Assert.Contains("already holds the writer", error.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
        // The stream returned the writer when the enumeration ended.
        Assert.Equal(1, _store.Count());
        _store.Insert("later");
    }

    [Fact]
    public async Task A_RETURNING_stream_that_waited_for_the_writer_still_marks_the_enumerating_flow()
    {
        // Rented on another flow (its marker stays there), so this flow's stream has to wait for the writer.
        var holder = await Task.Run(() => _db.Pool.RentWriter(Ct), Ct);
        var release = Task.Run(async () =>
        {
            await Task.Delay(200, Ct);
            holder.Dispose();
        }, Ct);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await foreach (var id in _store.InsertStream("outer", Ct)) _store.Insert("inner");
        });
        Assert.Contains("already holds the writer", error.Message);
        Assert.True(_db.Pool.Statistics.LeaseWaits >= 1, "the stream's rent should have waited for the writer");
        await release;
        Assert.Equal(1, _store.Count());
    }

    [Fact]
    public async Task Renting_the_writer_inside_a_RETURNING_stream_with_an_EnumeratorCancellation_token_throws_at_once()
    {
        // A short AcquireTimeout: were the marker lost, the inner rent would fail with PoolTimeoutException, not this error.
        using var db = new TestDatabase(acquireTimeout: TimeSpan.FromSeconds(1));
        var store = new NoteStore(db.Pool);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await foreach (var id in store.InsertStreamWithToken("outer", Ct))
            {
                Assert.True(id > 0);
                store.Insert("inner");
            }
        });
        Assert.IsNotType<PoolTimeoutException>(error);
        Assert.Contains("already holds the writer", error.Message);
        Assert.Equal(1, store.Count());
        store.Insert("later");
    }

    [Fact]
    public async Task A_RETURNING_stream_with_an_EnumeratorCancellation_token_honours_both_tokens()
    {
        using var early = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var rows = new List<long>();
        await early.CancelAsync();
        // The enumerator's token (WithCancellation) cancels it, as in an iterator that joins both tokens.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var id in _store.InsertStreamWithToken("a", CancellationToken.None).WithCancellation(early.Token)) rows.Add(id);
        });
        // And so does the method's own token.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var id in _store.InsertStreamWithToken("b", early.Token)) rows.Add(id);
        });
        Assert.Empty(rows);
        Assert.Equal(0, _store.Count());
        await foreach (var id in _store.InsertStreamWithToken("c", Ct)) rows.Add(id);
        Assert.Single(rows);
    }

    // Item 7: reads on a flow that holds the writer run on it.

    [Fact]
    public async Task Queries_inside_a_write_transaction_see_its_uncommitted_rows()
    {
        using (var lease = _db.Pool.RentWriter(Ct))
        {
            using var tx = lease.BeginTransaction();
            long id = _store.Insert(lease, "draft");
            Assert.Equal("draft", _store.Get(id)?.Title);
            Assert.Equal("draft", (await _store.GetAsync(id, Ct))?.Title);
            Assert.Equal("draft", (await _store.GetValueAsync(id, Ct))?.Title);
            var titles = new List<string>();
            await foreach (var note in _store.All(Ct)) titles.Add(note.Title);
            Assert.Equal(["draft"], titles);
            Assert.Equal(1, _store.Count());
            // The borrowed leases gave nothing back: the transaction is still ours.
            Assert.True(tx.IsActive);
            Assert.True(lease.IsActive);
            tx.Rollback();
            Assert.Equal(0, _store.Count());
        }
        // After the writer went back, reads rent readers again, and the writer is free.
        Assert.Equal(0, _store.Count());
        using var again = _db.Pool.RentWriter(Ct);
        Assert.True(again.IsWriter);
    }

    [Fact]
    public async Task Another_flow_still_reads_the_committed_snapshot()
    {
        using var lease = _db.Pool.RentWriter(Ct);
        using var tx = lease.BeginTransaction();
        long id = _store.Insert(lease, "draft");
        // A flow that does not hold the writer (no inherited marker) reads through a reader.
        Task<Note?> other;
        using (ExecutionContext.SuppressFlow())
        {
            other = Task.Run(() => _store.Get(id), Ct);
        }
        Assert.Null(await other);
        Assert.NotNull(_store.Get(id));
    }
}
