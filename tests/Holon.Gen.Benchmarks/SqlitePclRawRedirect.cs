using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;

namespace Holon.Gen.Benchmarks;

/// <summary>
/// sqlite-net 1.11.285 is built against SQLitePCLRaw 3.0.3; this project holds SQLitePCLRaw at 2.1.13, the version
/// Holon.Data and Microsoft.Data.Sqlite use, so that every library runs one SQLite (one libe_sqlite3). The runtime
/// refuses to bind a reference to 3.0.3 to the 2.1.13 assembly on its own; this is the binding redirect that does,
/// for the two SQLitePCLRaw assemblies sqlite-net calls. The table mode checks the result: every library's
/// <c>sqlite_source_id()</c> and the one libe_sqlite3 mapped into the process.
/// </summary>
internal static class SqlitePclRawRedirect
{
    private static readonly string[] Redirected = ["SQLitePCLRaw.core", "SQLitePCLRaw.provider.e_sqlite3"];

#pragma warning disable CA2255 // a module initializer is the point: it must run before sqlite-net's first call
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Install() =>
        AssemblyLoadContext.Default.Resolving += static (context, name) =>
            Array.IndexOf(Redirected, name.Name) >= 0 && name.Version is { Major: > 2 }
                ? context.LoadFromAssemblyName(new AssemblyName(name.Name!))
                : null;
}
