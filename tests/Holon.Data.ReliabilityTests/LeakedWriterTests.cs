using Holon.Tests.Shared;
using System.Diagnostics;
using Holon.Data.ReliabilityTests.Infrastructure;

namespace Holon.Data.ReliabilityTests;

/// <summary>
/// A writer lease dropped with its transaction open is found after GC, on the renting flow and on other flows: its
/// transaction is rolled back, the writer comes back, and the process lives on and exits normally. The leaks run in
/// a child process (Holon.Data.CrashChild, mode leak-writers), because the failure this guards against is a native
/// hook calling into a collected object, which kills the process.
/// </summary>
public sealed class LeakedWriterTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory(Timeout = 300_000)]
    [InlineData(true)]
    [InlineData(false)]
    public async Task AHundredLeakedWritersWithOpenTransactionsAreRolledBackAndTheProcessExitsNormally(bool trackLeaseOrigins)
    {
        using var db = new TempDatabase("leaks.db");
        var sw = Stopwatch.StartNew();
        using var child = ChildProcess.Start("Holon.Data.CrashChild", "leak-writers", db.DbPath, trackLeaseOrigins ? "track" : "notrack", "100");
        var stdout = child.StandardOutput.ReadToEndAsync(Ct);
        var stderr = child.StandardError.ReadToEndAsync(Ct);
        await child.WaitForExitAsync(Ct).Within(TimeSpan.FromSeconds(240), "the leak child");
        string output = await stdout + await stderr;

        Assert.True(child.ExitCode == 0, $"the child exited with {child.ExitCode}:\n{output}");
        Assert.Contains("leaked=100 events=100", output, StringComparison.Ordinal);
        Assert.Contains("leakedRows=0 writtenRows=1000", output, StringComparison.Ordinal);

        // Read back outside any pool: nothing a leaked transaction wrote reached the file.
        using var plain = db.OpenPlain();
        using var cmd = plain.CreateCommand();
        cmd.CommandText = "SELECT (SELECT count(*) FROM t WHERE source LIKE 'leaked %') || ' ' || (SELECT count(*) FROM t)";
        Assert.Equal("0 1000", cmd.ExecuteScalar());
        Assert.Equal("ok", TempDatabase.IntegrityCheck(plain));
        Figures.Record($"leaked writers (TrackLeaseOrigins={trackLeaseOrigins})",
            $"100 leaked with open transactions (50 on the renting flow, 50 on others), all found and rolled back, then 1000 writes; child exit 0 in {sw.Elapsed.TotalSeconds:0.0} s");
    }
}
