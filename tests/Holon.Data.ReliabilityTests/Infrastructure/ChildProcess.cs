using System.Diagnostics;

namespace Holon.Data.ReliabilityTests.Infrastructure;

/// <summary>Starts Holon.Data.CrashChild (built next to the tests) with redirected output.</summary>
internal static class ChildProcess
{
    public static Process Start(params string[] args)
    {
        string childDll = Path.Combine(AppContext.BaseDirectory, "Holon.Data.CrashChild.dll");
        Assert.True(File.Exists(childDll), $"missing {childDll}");
        var psi = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add("exec");
        psi.ArgumentList.Add("--runtimeconfig");
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Holon.Data.CrashChild.runtimeconfig.json"));
        psi.ArgumentList.Add(childDll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        return Process.Start(psi) ?? throw new InvalidOperationException("could not start the child process");
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
