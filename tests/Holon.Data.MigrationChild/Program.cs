// Concurrent-migration child: migrates the database given on the command line with HolonMigrations.All (compiled from
// this project's Migrations/ folder), either through SqlitePoolOptions.Migrations (first rent) or SqlitePool.Migrate,
// and prints "applied v1,v2,..." (possibly empty) or the error.
//
// Usage: Holon.Data.MigrationChild <database path> <options|migrate>
using Holon.Data;
using Holon.Data.MigrationChild;

if (args.Length != 2 || args[1] is not ("options" or "migrate"))
{
    Console.Error.WriteLine("usage: Holon.Data.MigrationChild <database path> <options|migrate>");
    return 2;
}

try
{
    var options = new SqlitePoolOptions { ConnectionString = $"Data Source={args[0]}", MaxReaders = 1 };
    if (args[1] == "options")
    {
        options.Migrations = HolonMigrations.All;
        using var pool = new SqlitePool(options);
        using var lease = pool.RentReader();
        Console.WriteLine("version " + lease.Scalar<long>("PRAGMA user_version"));
    }
    else
    {
        using var pool = new SqlitePool(options);
        var result = pool.Migrate(HolonMigrations.All);
        Console.WriteLine("applied " + string.Join(",", result.Applied));
        Console.WriteLine("version " + result.ToVersion);
    }

    return 0;
}
catch (Exception e)
{
    Console.Error.WriteLine(e);
    return 1;
}
