using System.Globalization;
using Holon.Demo;

// The demo: the same notes-app workload through a generated Holon.Gen store and through the original app's
// "connection per operation" data layer; a side-by-side table; exit 0 only if both databases end identical.

if (!DemoOptions.TryParse(args, out var options, out var error))
{
    Console.Error.WriteLine($"Holon.Demo: {error}");
    Console.Error.WriteLine("Run with --help for the options.");
    return 2;
}

if (options.Help)
{
    Console.WriteLine(DemoOptions.Usage);
    return 0;
}

string holonPath, perOpPath;
string? tempFolder = null;
if (options.DbPath is { } dbPath)
{
    holonPath = Path.GetFullPath(dbPath);
    perOpPath = Path.ChangeExtension(holonPath, ".per-op" + Path.GetExtension(holonPath));
    foreach (var path in new[] { holonPath, perOpPath })
    {
        if (File.Exists(path) || File.Exists(path + "-wal"))
        {
            // Never overwrite a user's file: the workload needs an empty database.
            Console.Error.WriteLine($"Holon.Demo: --db: '{path}' already exists; pass a path that does not exist yet.");
            return 2;
        }
    }

    if (Path.GetDirectoryName(holonPath) is { } folder && !Directory.Exists(folder))
    {
        Console.Error.WriteLine($"Holon.Demo: --db: folder '{folder}' does not exist.");
        return 2;
    }
}
else
{
    tempFolder = Path.Combine(Path.GetTempPath(), "holon-demo-" + Guid.NewGuid().ToString("N")[..12]);
    Directory.CreateDirectory(tempFolder);
    holonPath = Path.Combine(tempFolder, "holon.db");
    perOpPath = Path.Combine(tempFolder, "per-op.db");
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

// Readers and the writer are loops that mostly complete synchronously; enough threads up front avoids the
// thread pool's slow ramp-up skewing the first seconds.
ThreadPool.GetMinThreads(out int workers, out int io);
ThreadPool.SetMinThreads(Math.Max(workers, options.Readers + 4), io);

try
{
    var plan = WorkloadPlan.Create(options.Blocks, options.Readers);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"Holon.Demo: {plan.InitialBlocks.Count:N0} blocks in batches of {WorkloadPlan.BatchSize}, then {plan.WriterOps.Count:N0} writer steps " +
        $"(edit, insert, delete, document refresh) with {plan.Readers} concurrent readers x {plan.ReadsPerReader:N0} reads; " +
        $"{plan.TotalOperations:N0} operations per backend, {Environment.ProcessorCount} cores."));
    Console.WriteLine($"Databases: {holonPath}");
    Console.WriteLine($"           {perOpPath}");
    Console.WriteLine();

    var runner = new WorkloadRunner(plan);
    var holon = await RunAsync(new HolonBackend(holonPath, options.Readers), "Holon.Gen");
    var perOp = await RunAsync(new PerOperationBackend(perOpPath), "per-operation");

    var (holonHash, holonRows) = ContentHash.Compute(holonPath);
    var (perOpHash, perOpRows) = ContentHash.Compute(perOpPath);
    ResultTable.Print(holon, perOp, holonHash, perOpHash);

    if (holonHash != perOpHash)
    {
        Console.WriteLine();
        Console.WriteLine($"FAILED: the databases differ. Holon.Gen: {holonRows:N0} rows, sha256 {holonHash}; per-operation: {perOpRows:N0} rows, sha256 {perOpHash}.");
        return 1;
    }

    if (!holon.WatchSawFinalState || !perOp.WatchSawFinalState)
    {
        Console.WriteLine();
        Console.WriteLine("FAILED: a watch did not deliver the final state of the children it watched.");
        return 1;
    }

    Console.WriteLine($"Both databases hold the same {holonRows:N0} rows (sha256 {holonHash}).");
    if (options.Postgres is { } postgres)
    {
        return await PostgresRun.RunAsync(postgres, runner, plan, holonHash, holonRows, cancel.Token);
    }
    return 0;

    async Task<RunResult> RunAsync(IBlockBackend backend, string label)
    {
        await using (backend)
        {
            using var progress = new Progress(label, plan.TotalOperations);
            var result = await runner.RunAsync(backend, progress, cancel.Token);
            progress.Finish();
            return result;
        }
    }
}
catch (OperationCanceledException) when (cancel.IsCancellationRequested)
{
    Console.Error.WriteLine();
    Console.Error.WriteLine("Holon.Demo: cancelled.");
    return 1;
}
catch (Exception ex)
{
    Console.Error.WriteLine();
    Console.Error.WriteLine($"Holon.Demo: the run failed: {ex}");
    return 1;
}
finally
{
    if (tempFolder is not null)
    {
        try
        {
            Directory.Delete(tempFolder, recursive: true);
        }
        catch (IOException)
        {
            // Leave the folder rather than fail the run over cleanup.
        }
    }
}
