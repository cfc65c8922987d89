using System.Diagnostics;

namespace Holon.Data.Npgsql.Tests;

/// <summary>Starts tests/Holon.Data.Npgsql.Child (copied next to the tests) with the host that runs the tests.</summary>
public static class ChildProcess
{
    public static Process Start(params string[] args)
    {
        string childDll = Path.Combine(AppContext.BaseDirectory, "Holon.Data.Npgsql.Child.dll");
        Assert.True(File.Exists(childDll), $"missing {childDll}");
        var psi = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add("exec");
        psi.ArgumentList.Add("--runtimeconfig");
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Holon.Data.Npgsql.Child.runtimeconfig.json"));
        psi.ArgumentList.Add(childDll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        return Process.Start(psi) ?? throw new InvalidOperationException("could not start Holon.Data.Npgsql.Child");
    }

    /// <summary>Waits (2 minutes at most: a hang fails the test) and returns the exit code and output.</summary>
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

    static string DotnetHost()
    {
        string? fromSdk = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(fromSdk) && File.Exists(fromSdk)) return fromSdk;
        string? self = Environment.ProcessPath;
        if (self is not null && Path.GetFileNameWithoutExtension(self) == "dotnet") return self;
        return "dotnet";
    }
}
