using System.Runtime.InteropServices;
using SQLitePCL;

namespace Holon.Data.Internal.Native;

/// <summary>
/// Finds the native SQLite that SQLitePCLRaw calls, so the direct path shares its one instance (its connections,
/// its memory, its global configuration) with Microsoft.Data.Sqlite and the pool.
/// </summary>
/// <remarks>
/// Tried in order: the library name SQLitePCLRaw's provider imports, resolved the way the runtime resolved it for
/// the provider's assembly (its deps.json native assets and any resolver it registered); then the process itself
/// (SQLite linked statically, as Native AOT with direct P/Invoke can do). A candidate is accepted only if its
/// <c>sqlite3_libversion()</c> returns the very address SQLitePCLRaw's does: that string is a static in the
/// library, so equal addresses mean the same loaded instance, not merely the same version.
/// </remarks>
internal static unsafe class SqliteLibrary
{
    /// <summary>Why the last <see cref="Find"/> returned null.</summary>
    public static string? LastFailure { get; private set; }

    public static nint? Find()
    {
        byte* expected = TheirVersionAddress();
        string name = raw.GetNativeLibraryName() ?? "e_sqlite3";
        var assembly = typeof(SQLite3Provider_e_sqlite3).Assembly;
        if (NativeLibrary.TryLoad(name, assembly, null, out nint lib) && IsSame(lib, expected)) return lib;
        if (IsSame(NativeLibrary.GetMainProgramHandle(), expected)) return NativeLibrary.GetMainProgramHandle();
        LastFailure = $"no loadable '{name}' exports the SQLite instance SQLitePCLRaw uses (provider {raw.GetNativeLibraryName() ?? "unknown"}, SQLite {raw.sqlite3_libversion().utf8_to_string()})";
        return null;
    }

    private static byte* TheirVersionAddress()
    {
        fixed (byte* p = raw.sqlite3_libversion()) return p;
    }

    private static bool IsSame(nint lib, byte* expected)
    {
        if (lib == 0 || !NativeLibrary.TryGetExport(lib, "sqlite3_libversion", out nint export)) return false;
        return ((delegate* unmanaged[Cdecl]<byte*>)export)() == expected;
    }
}
