using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using SQLitePCL;

namespace Holon.Gen.Benchmarks;

/// <summary>
/// <c>--text16</c>: which text encoding the direct path should use, measured by thread CPU time (Linux). One point
/// lookup, three text columns read: UTF-8 (the id transcoded into a stack buffer, <c>bind_text</c>; columns from
/// <c>column_blob</c> + <c>column_bytes</c> through <c>Encoding.UTF8.GetString</c>) against UTF-16 (<c>bind_text16</c>
/// from the string's own chars; <c>column_text16</c> + <c>column_bytes16</c> copied into a string). Both call the
/// e_sqlite3 SQLitePCLRaw loaded through function pointers, so only the encoding differs.
/// </summary>
internal static unsafe class Text16Probe
{
    private const int Rounds = 15;
    private const nint Transient = -1;
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    public static int Run()
    {
        using var db = BenchDatabase.Create();
        Batteries_V2.Init();
        if (raw.sqlite3_open_v2(db.Path, out var conn, raw.SQLITE_OPEN_READONLY, null) != raw.SQLITE_OK) return 1;
        using (conn)
        {
            raw.sqlite3_prepare_v3(conn, Sql.Get, 1, out var stmt, out _);
            using (stmt)
            {
                var lib = NativeLibrary.Load(raw.GetNativeLibraryName(), typeof(SQLite3Provider_e_sqlite3).Assembly, null);
                var f = new Functions(lib);
                nint h = stmt.DangerousGetHandle();
                var ids = db.LookupIds;
                int next = 0;
                var cases = new (string Name, Func<int> Op)[]
                {
                    ("UTF-8 (kept)", () => Utf8(f, h, ids[next++ & BenchDatabase.LookupMask])),
                    ("UTF-16 (text16)", () => Utf16(f, h, ids[next++ & BenchDatabase.LookupMask])),
                };
                Measure(cases);
            }
        }

        return 0;
    }

    private static int Utf8(Functions f, nint h, string id)
    {
        Span<byte> buffer = stackalloc byte[128];
        int n = Encoding.UTF8.GetBytes(id, buffer);
        fixed (byte* p = buffer) f.BindText(h, 1, p, n, Transient);
        f.Step(h);
        int length = 0;
        for (int c = 0; c < 3; c++)
        {
            byte* text = f.ColumnBlob(h, c);
            length += text is null ? 0 : Encoding.UTF8.GetString(text, f.ColumnBytes(h, c)).Length;
        }

        f.Reset(h);
        return length;
    }

    private static int Utf16(Functions f, nint h, string id)
    {
        fixed (char* p = id) f.BindText16(h, 1, p, id.Length * 2, Transient);
        f.Step(h);
        int length = 0;
        for (int c = 0; c < 3; c++)
        {
            char* text = f.ColumnText16(h, c);
            length += text is null ? 0 : new string(text, 0, f.ColumnBytes16(h, c) / 2).Length;
        }

        f.Reset(h);
        return length;
    }

    private static void Measure((string Name, Func<int> Op)[] cases)
    {
        const double RoundCpuNs = 25_000_000;
        var counts = new int[cases.Length];
        for (int c = 0; c < cases.Length; c++)
        {
            long t0 = CpuTimeProbe.ThreadCpuNs();
            int warm = 0;
            while (CpuTimeProbe.ThreadCpuNs() - t0 < RoundCpuNs * 4) { cases[c].Op(); warm++; }
            counts[c] = Math.Max(1, (int)(RoundCpuNs * warm / (CpuTimeProbe.ThreadCpuNs() - t0)));
        }

        var samples = cases.Select(_ => new List<double>()).ToArray();
        for (int round = 0; round < Rounds; round++)
        {
            for (int k = 0; k < cases.Length; k++)
            {
                int c = (k + round) % cases.Length;
                long t0 = CpuTimeProbe.ThreadCpuNs();
                for (int i = 0; i < counts[c]; i++) cases[c].Op();
                samples[c].Add((CpuTimeProbe.ThreadCpuNs() - t0) / (double)counts[c]);
            }
        }

        Console.WriteLine($"Text encoding probe, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, load average {File.ReadAllText("/proc/loadavg")[..14]}");
        Console.WriteLine("| point lookup, 3 text columns | median CPU | fastest round | /UTF-8 (paired) |");
        Console.WriteLine("|---|---:|---:|---:|");
        for (int c = 0; c < cases.Length; c++)
        {
            var sorted = samples[c].Order().ToArray();
            double paired = samples[c].Select((v, i) => v / samples[0][i]).Order().ElementAt(Rounds / 2);
            Console.WriteLine(string.Create(C, $"| {cases[c].Name} | {sorted[Rounds / 2]:F0} ns | {sorted[0]:F0} ns | {paired:F2} |"));
        }
    }

    private sealed class Functions(nint lib)
    {
        public readonly delegate* unmanaged[Cdecl]<nint, int> Step = (delegate* unmanaged[Cdecl]<nint, int>)NativeLibrary.GetExport(lib, "sqlite3_step");
        public readonly delegate* unmanaged[Cdecl]<nint, int> Reset = (delegate* unmanaged[Cdecl]<nint, int>)NativeLibrary.GetExport(lib, "sqlite3_reset");
        public readonly delegate* unmanaged[Cdecl, SuppressGCTransition]<nint, int, byte*, int, nint, int> BindText =
            (delegate* unmanaged[Cdecl, SuppressGCTransition]<nint, int, byte*, int, nint, int>)NativeLibrary.GetExport(lib, "sqlite3_bind_text");
        public readonly delegate* unmanaged[Cdecl, SuppressGCTransition]<nint, int, char*, int, nint, int> BindText16 =
            (delegate* unmanaged[Cdecl, SuppressGCTransition]<nint, int, char*, int, nint, int>)NativeLibrary.GetExport(lib, "sqlite3_bind_text16");
        public readonly delegate* unmanaged[Cdecl, SuppressGCTransition]<nint, int, byte*> ColumnBlob =
            (delegate* unmanaged[Cdecl, SuppressGCTransition]<nint, int, byte*>)NativeLibrary.GetExport(lib, "sqlite3_column_blob");
        public readonly delegate* unmanaged[Cdecl, SuppressGCTransition]<nint, int, int> ColumnBytes =
            (delegate* unmanaged[Cdecl, SuppressGCTransition]<nint, int, int>)NativeLibrary.GetExport(lib, "sqlite3_column_bytes");
        public readonly delegate* unmanaged[Cdecl, SuppressGCTransition]<nint, int, char*> ColumnText16 =
            (delegate* unmanaged[Cdecl, SuppressGCTransition]<nint, int, char*>)NativeLibrary.GetExport(lib, "sqlite3_column_text16");
        public readonly delegate* unmanaged[Cdecl, SuppressGCTransition]<nint, int, int> ColumnBytes16 =
            (delegate* unmanaged[Cdecl, SuppressGCTransition]<nint, int, int>)NativeLibrary.GetExport(lib, "sqlite3_column_bytes16");
    }
}
