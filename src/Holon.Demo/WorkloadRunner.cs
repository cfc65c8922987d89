using System.Diagnostics;

namespace Holon.Demo;

/// <summary>What one backend did: the counts the table compares.</summary>
internal sealed record RunResult(string Backend, long Operations, BackendCounters Counters, TimeSpan Elapsed)
{
    /// <summary>Results the watch on the busiest parent received during the mixed phase (the first included).</summary>
    public long WatchNotifications { get; init; }

    /// <summary>Physical connections the backend opened just for watching; null when its watches use the connections it has anyway.</summary>
    public long? WatchConnections { get; init; }

    /// <summary>Whether the watch's last result was the parent's final children list.</summary>
    public bool WatchSawFinalState { get; init; }

    public double OperationsPerSecond => Operations / Math.Max(Elapsed.TotalSeconds, 1e-9);
}

/// <summary>Drives one backend through the plan: schema, batched tree insert, then a writer with concurrent readers.</summary>
internal sealed class WorkloadRunner(WorkloadPlan plan)
{
    public async Task<RunResult> RunAsync(IBlockBackend backend, Progress progress, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();

        await backend.InitializeAsync(ct);
        progress.Add(1);

        var batch = new List<Block>(WorkloadPlan.BatchSize);
        foreach (var block in plan.InitialBlocks)
        {
            batch.Add(block);
            if (batch.Count == WorkloadPlan.BatchSize)
            {
                await backend.InsertBatchAsync(batch, ct);
                progress.Add(batch.Count);
                batch.Clear();
            }
        }

        if (batch.Count > 0)
        {
            await backend.InsertBatchAsync(batch, ct);
            progress.Add(batch.Count);
        }

        // A watch on the busiest parent's children runs through the mixed phase; its first result is the state
        // before the phase.
        string watched = WatchCounter.PickWatchedParent(plan);
        var watch = await WatchCounter.StartAsync(backend, watched, ct);

        // The mixed phase: one writer, and readers reading while it writes.
        var tasks = new List<Task>(plan.Readers + 1) { Task.Run(() => WriterAsync(backend, progress, ct), ct) };
        for (int r = 0; r < plan.Readers; r++)
        {
            int reader = r;
            tasks.Add(Task.Run(() => ReaderAsync(backend, reader, progress, ct), ct));
        }

        await Task.WhenAll(tasks);

        clock.Stop();
        var (notifications, sawFinal) = await watch.StopAsync(await backend.ChildrenAsync(watched, ct));
        return new RunResult(backend.Name, plan.TotalOperations, backend.Counters, clock.Elapsed)
        {
            WatchNotifications = notifications,
            WatchConnections = backend.WatchConnectionsCreated,
            WatchSawFinalState = sawFinal,
        };
    }

    private async Task WriterAsync(IBlockBackend backend, Progress progress, CancellationToken ct)
    {
        foreach (var op in plan.WriterOps)
        {
            switch (op.Kind)
            {
                case WriterOpKind.Edit:
                    var current = await backend.GetAsync(op.Id, ct)
                        ?? throw new InvalidOperationException($"{backend.Name}: block {op.Id} should exist but was not found.");
                    int updated = await backend.UpdateContentAsync(
                        op.Id, WorkloadPlan.EditedContent(current.Content, op.Timestamp), WorkloadPlan.EditedProperties(current), op.Timestamp, ct);
                    Expect(backend, updated, 1, "update", op.Id);
                    break;
                case WriterOpKind.InsertChild:
                    await backend.InsertAsync(op.NewBlock!, ct);
                    break;
                case WriterOpKind.DeleteLeaf:
                    Expect(backend, await backend.DeleteAsync(op.Id, ct), 1, "delete", op.Id);
                    break;
                case WriterOpKind.RefreshDocument:
                    if (await backend.RefreshDocumentAsync(op.Id, ct) == 0)
                    {
                        throw new InvalidOperationException($"{backend.Name}: document {op.Id} should exist but was not found.");
                    }

                    break;
            }

            progress.Add(op.Operations);
        }
    }

    private async Task ReaderAsync(IBlockBackend backend, int reader, Progress progress, CancellationToken ct)
    {
        // Each reader has its own seed; what it reads does not change the data, so timing cannot change the hash.
        var rng = new Random(WorkloadPlan.Seed + 1 + reader);
        for (int i = 0; i < plan.ReadsPerReader; i++)
        {
            if (rng.Next(10) < 7)
            {
                await backend.GetAsync(plan.ReadIds[rng.Next(plan.ReadIds.Count)], ct);
            }
            else
            {
                await backend.ChildrenAsync(plan.ParentIds[rng.Next(plan.ParentIds.Count)], ct);
            }

            progress.Add(1);
        }
    }

    private static void Expect(IBlockBackend backend, int actual, int expected, string what, string id)
    {
        if (actual != expected)
        {
            throw new InvalidOperationException($"{backend.Name}: {what} of {id} changed {actual} rows, expected {expected}.");
        }
    }
}
