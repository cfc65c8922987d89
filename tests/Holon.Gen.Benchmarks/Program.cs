using BenchmarkDotNet.Running;
using Holon.Gen.Benchmarks;

// Not part of the test suite. Run in Release:
//   dotnet run -c Release --project tests/Holon.Gen.Benchmarks -- --quick             (< 2 minutes, ratios + targets)
//   dotnet run -c Release --project tests/Holon.Gen.Benchmarks -- --schema            (compile-time schema verification: 500 statements, one edit)
//   dotnet run -c Release --project tests/Holon.Gen.Benchmarks -- --profile children   (one workload in a loop, for perf record)
//   dotnet run -c Release --project tests/Holon.Gen.Benchmarks -- --no-worse          (100-row insert transaction and 4-thread lookups against the floor)
//   dotnet run -c Release --project tests/Holon.Gen.Benchmarks -- --cpu               (point lookup and batch insert by thread CPU time; for a busy machine)
//   dotnet run -c Release --project tests/Holon.Gen.Benchmarks -- --watch             (watch targets: writer throughput, latency, memory)
//   dotnet run -c Release --project tests/Holon.Gen.Benchmarks -- --filter '*PointLookup*'   (full BenchmarkDotNet run)
//   dotnet run -c Release --project tests/Holon.Gen.Benchmarks -- --table             (Holon.Gen, floor, C limit and the peers: one markdown table)
//   dotnet run -c Release --project tests/Holon.Gen.Benchmarks -- --c-limit           (point lookup and children against the same SQLite called from C)
//   dotnet run -c Release --project tests/Holon.Gen.Benchmarks -- --text16            (UTF-8 against UTF-16 text calls on the direct path, by CPU time; Linux)
//   dotnet run -c Release --project tests/Holon.Gen.Benchmarks -- --in-list           (an IN-list of 100 ids against 100 point lookups)
//   dotnet run -c Release --project tests/Holon.Gen.Benchmarks -- --pg                (PostgreSQL point lookup; servers from .ci/pg)
//   dotnet run -c Release --project tests/Holon.Gen.Benchmarks -- --pg-cpu            (the same by client CPU time; for a busy machine)
//   dotnet run -c Release --project tests/Holon.Gen.Benchmarks -- --bulk              (bulk command of 10,000 rows against a hand-written loop; ShortRun)
//   dotnet run -c Release --project tests/Holon.Gen.Benchmarks -- --typed-ids         (point lookup by a BlockId wrapper against by string; one ShortRun)
//   dotnet run -c Release --project tests/Holon.Gen.Benchmarks -- --pg-changes        (commit -> change-stream subscriber latency, p50/p99)
//   dotnet run -c Release --project tests/Holon.Gen.Benchmarks -- --pg-watch          (commit -> [Watch] subscriber latency, writer throughput)
#if DEBUG
Console.Error.WriteLine("Holon.Gen.Benchmarks: build in Release: dotnet run -c Release --project tests/Holon.Gen.Benchmarks -- [--quick | BenchmarkDotNet args]");
return 2;
#else
if (args.Length == 2 && args[0] == "--profile") return ProfileLoop.Run(args[1]);
if (args.Contains("--no-worse"))
{
    return NoWorseChecks.Run();
}

if (args.Contains("--cpu"))
{
    return CpuTimeProbe.Run();
}

if (args.Contains("--pg-cpu"))
{
    return PostgresCpuProbe.Run(); // needs HOLON_PG_PRIMARY: eval "$(bash .ci/pg start)"
}

if (args.Contains("--pg-watch"))
{
    return PostgresWatchProbe.Run(); // needs HOLON_PG_PRIMARY and HOLON_PG_STANDBY: eval "$(bash .ci/pg start)"
}

if (args.Contains("--pg-changes"))
{
    return PostgresChangeLatencyProbe.Run(); // needs HOLON_PG_PRIMARY: eval "$(bash .ci/pg start)"
}

if (args.Contains("--in-list"))
{
    return InListLookup.Run(); // 100 ids in one IN-list against 100 point lookups, ShortRun
}

if (args.Contains("--pg"))
{
    return PostgresQuickRun.Run(); // needs HOLON_PG_PRIMARY: eval "$(bash .ci/pg start)"
}

if (args.Contains("--watch"))
{
    return WatchProbe.Run();
}

if (args.Contains("--schema"))
{
    return SchemaVerificationHarness.Run();
}

if (args.Contains("--text16"))
{
    return Text16Probe.Run();
}

if (args.Contains("--table"))
{
    return PeerTable.Run(quick: args.Contains("--short"));
}

if (args.Contains("--c-limit"))
{
    return CLimit.Run();
}

if (args.Contains("--bulk"))
{
    return BulkInsertBenchmarks.Run();
}

if (args.Contains("--typed-ids"))
{
    return TypedIdLookup.Run();
}

if (args.Contains("--quick"))
{
    return QuickRun.Run();
}

var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
#endif
