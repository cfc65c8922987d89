using System.Globalization;

namespace Holon.Demo;

/// <summary>Command-line options. Parsing never throws: bad input becomes an error message (exit code 2).</summary>
internal sealed record DemoOptions(string? DbPath, int Blocks, int Readers, bool Help, string? Postgres = null)
{
    // Sized so a default run (both backends) takes about 20 s on a 2-core machine.
    public const int DefaultBlocks = 6_000;
    public const int DefaultReaders = 4;
    private const int MaxBlocks = 10_000_000;
    private const int MaxReaders = 64;

    public const string Usage = """
        Usage: dotnet run --project src/Holon.Demo -- [options]

        Runs the same notes-app workload twice, through a generated Holon.Gen store on a pool of long-lived
        connections and through a "connection per operation" backend, prints a side-by-side table and checks that
        both databases end with identical content.

        Options:
          --db PATH      database file for the Holon.Gen run (must not exist); the per-operation run uses
                         PATH with ".per-op" before the extension. Default: a fresh temp folder, deleted afterwards.
          --blocks N     blocks in the document tree (default 6000; at least 10). The rest of the workload scales with it.
          --readers N    concurrent reader tasks while the writer works (default 4; 0 to 64).
          --postgres CS  also run the workload on PostgreSQL (Npgsql connection string; several hosts = primary and
                         standbys) through a generated store, and check its content hash equals SQLite's.
          --help, -h     show this help.

        Exit codes: 0 both databases identical, 1 they differ or the run failed, 2 bad arguments.
        """;

    public static bool TryParse(string[] args, out DemoOptions options, out string? error)
    {
        options = new DemoOptions(null, DefaultBlocks, DefaultReaders, false);
        error = null;
        for (int i = 0; i < args.Length; i++)
        {
            string arg = args[i];
            switch (arg)
            {
                case "--help" or "-h" or "-?":
                    options = options with { Help = true };
                    break;
                case "--db":
                    if (!TryValue(args, ref i, arg, out var path, out error)) return false;
                    if (string.IsNullOrWhiteSpace(path))
                    {
                        error = "--db needs a file path.";
                        return false;
                    }

                    options = options with { DbPath = path };
                    break;
                case "--blocks":
                    if (!TryInt(args, ref i, arg, 10, MaxBlocks, out int blocks, out error)) return false;
                    options = options with { Blocks = blocks };
                    break;
                case "--readers":
                    if (!TryInt(args, ref i, arg, 0, MaxReaders, out int readers, out error)) return false;
                    options = options with { Readers = readers };
                    break;
                case "--postgres":
                    if (!TryValue(args, ref i, arg, out var cs, out error)) return false;
                    options = options with { Postgres = cs };
                    break;
                default:
                    error = $"unknown argument '{arg}'.";
                    return false;
            }
        }

        return true;
    }

    private static bool TryValue(string[] args, ref int i, string name, out string value, out string? error)
    {
        if (i + 1 >= args.Length || args[i + 1].StartsWith("--", StringComparison.Ordinal))
        {
            value = "";
            error = $"{name} needs a value.";
            return false;
        }

        value = args[++i];
        error = null;
        return true;
    }

    private static bool TryInt(string[] args, ref int i, string name, int min, int max, out int value, out string? error)
    {
        value = 0;
        if (!TryValue(args, ref i, name, out var text, out error)) return false;
        if (!int.TryParse(text, NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out value) || value < min || value > max)
        {
            error = $"{name} must be a whole number from {min} to {max}, not '{text}'.";
            return false;
        }

        return true;
    }
}
