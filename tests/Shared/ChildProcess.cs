using System.Diagnostics;

namespace Holon.Tests.Shared;

/// <summary>
/// Starts a child program built next to the tests (a project referenced for its output) with the host that runs the
/// tests, and waits for it with a bound, so a hung child fails its test instead of the run. Linked into every test
/// project that runs children.
/// </summary>
internal static class ChildProcess
{
    /// <param name="child">The child's assembly name, e.g. <c>Holon.Data.CrashChild</c>.</param>
    /// <param name="args">Its arguments.</param>
    public static Process Start(string child, params string[] args)
    {
        string childDll = Path.Combine(AppContext.BaseDirectory, child + ".dll");
        Assert.True(File.Exists(childDll), $"missing {childDll}");
        var psi = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add("exec");
        psi.ArgumentList.Add("--runtimeconfig");
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, child + ".runtimeconfig.json"));
        psi.ArgumentList.Add(childDll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        return Process.Start(psi) ?? throw new InvalidOperationException("could not start " + child);
    }

    /// <summary>Waits (2 minutes at most: a hang kills the child and fails the test) and returns the exit code and output.</summary>
    public static async Task<(int Code, string Out, string Err)> FinishAsync(Process p, CancellationToken ct)
    {
        using (p)
        {
            var stdout = p.StandardOutput.ReadToEndAsync(ct);
            var stderr = p.StandardError.ReadToEndAsync(ct);
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
            deadline.CancelAfter(TimeSpan.FromMinutes(2));
            try
            {
                await p.WaitForExitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                p.Kill(entireProcessTree: true);
                throw;
            }

            return (p.ExitCode, await stdout, await stderr);
        }
    }

    private static string DotnetHost()
    {
        // The SDK tells child processes where its host is; under `dotnet test` the test host itself is usually dotnet.
        string? fromSdk = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(fromSdk) && File.Exists(fromSdk)) return fromSdk;
        string? self = Environment.ProcessPath;
        if (self is not null && Path.GetFileNameWithoutExtension(self) == "dotnet") return self;
        return "dotnet";
    }
}
