using System;
using System.Reflection;
using System.Runtime.InteropServices;
using SQLitePCL;

namespace Holon.Gen.Verification;

/// <summary>
/// Loads the native e_sqlite3 once per analyzer load context and hands it to SQLitePCLRaw. The library comes from the
/// folder the package's props name (<c>HolonSqliteNativeDirectory</c>), never from <c>Assembly.Location</c>, which is
/// empty when the compiler server loads analyzers from a stream. NativeLibrary is reached through reflection because
/// the generator targets netstandard2.0; a host without it (.NET Framework) gets a reason, not an exception.
/// </summary>
internal static class NativeSqlite
{
    private static readonly object s_gate = new();
    private static bool s_ready;
    private static IntPtr s_handle;

    /// <summary>Makes SQLite usable; returns null when it is, or why it is not.</summary>
    public static string? EnsureLoaded(string? nativeDirectory)
    {
        lock (s_gate)
        {
            if (s_ready) return null;
            try
            {
                return Load(nativeDirectory);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                return e.GetType().Name + ": " + e.Message;
            }
        }
    }

    private static string? Load(string? nativeDirectory)
    {
        if (ProviderWorks())
        {
            // The host already set a provider (a test process that uses Microsoft.Data.Sqlite).
            s_ready = true;
            return null;
        }

        if (string.IsNullOrWhiteSpace(nativeDirectory))
            return "the HolonSqliteNativeDirectory property is not set (the Holon.Data package's build props were not imported)";

        var nativeLibrary = typeof(Marshal).Assembly.GetType("System.Runtime.InteropServices.NativeLibrary");
        if (nativeLibrary is null) return "this compiler host has no System.Runtime.InteropServices.NativeLibrary (.NET Framework?)";

        var (rid, file) = RuntimeAndFile();
        if (rid is null) return "no native SQLite ships for " + RuntimeInformation.OSDescription + " " + RuntimeInformation.OSArchitecture;
        string path = System.IO.Path.Combine(nativeDirectory!.Trim(), "runtimes", rid, "native", file);

        var load = nativeLibrary.GetMethod("Load", new[] { typeof(string) })!;
        try
        {
            s_handle = (IntPtr)load.Invoke(null, new object[] { path })!;
        }
        catch (TargetInvocationException e)
        {
            return "could not load " + path + ": " + e.InnerException?.Message;
        }

        // Resolve the provider's [DllImport("e_sqlite3")] to the handle just loaded.
        var resolverType = typeof(Marshal).Assembly.GetType("System.Runtime.InteropServices.DllImportResolver")!;
        var resolver = Delegate.CreateDelegate(resolverType, typeof(NativeSqlite).GetMethod(nameof(Resolve), BindingFlags.NonPublic | BindingFlags.Static)!);
        var setResolver = nativeLibrary.GetMethod("SetDllImportResolver")!;
        try
        {
            setResolver.Invoke(null, new object[] { typeof(SQLite3Provider_e_sqlite3).Assembly, resolver });
        }
        catch (TargetInvocationException e) when (e.InnerException is InvalidOperationException)
        {
            // A resolver is already set for the provider in this load context; it finds the same library.
        }

        try
        {
            // SqliteErrorOffset imports sqlite3_error_offset from this assembly: the same library.
            setResolver.Invoke(null, new object[] { typeof(NativeSqlite).Assembly, resolver });
        }
        catch (TargetInvocationException e) when (e.InnerException is InvalidOperationException)
        {
        }

        raw.SetProvider(new SQLite3Provider_e_sqlite3());
        if (!ProviderWorks()) return "the native SQLite at " + path + " loaded but does not answer";
        s_ready = true;
        return null;
    }

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath) =>
        name == "e_sqlite3" ? s_handle : IntPtr.Zero;

    private static bool ProviderWorks()
    {
        try
        {
            return raw.sqlite3_libversion_number() > 0;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return false;
        }
    }

    private static (string? Rid, string File) RuntimeAndFile()
    {
        string? arch = RuntimeInformation.OSArchitecture switch
        {
            Architecture.X64 => "x64",
            Architecture.Arm64 => "arm64",
            _ => null,
        };
        if (arch is null) return (null, "");
        if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows)) return ("win-" + arch, "e_sqlite3.dll");
        if (RuntimeInformation.IsOSPlatform(OSPlatform.OSX)) return ("osx-" + arch, "libe_sqlite3.dylib");
        if (RuntimeInformation.IsOSPlatform(OSPlatform.Linux)) return ("linux-" + arch, "libe_sqlite3.so");
        return (null, "");
    }
}
