// PostgreSQL child process.
//   migrate <connection string>              migrates with ChildMigrations.All; prints "applied v1,v2,..." and "version N"
//   feed <connection string> <publication>   starts a change feed, prints "slot <name>", then waits to be killed
using Holon.Data;
using Holon.Data.Npgsql;
using Holon.Data.Npgsql.Child;
using Npgsql;

if (args.Length < 2 || args[0] is not ("migrate" or "feed") || (args[0] == "feed" && args.Length != 3))
{
    Console.Error.WriteLine("usage: Holon.Data.Npgsql.Child migrate <connection string> | feed <connection string> <publication>");
    return 2;
}

try
{
    await using var source = NpgsqlDataSource.Create(args[1]);
    if (args[0] == "migrate")
    {
        var result = await source.MigrateAsync(ChildMigrations.All);
        Console.WriteLine("applied " + string.Join(",", result.Applied));
        Console.WriteLine("version " + result.ToVersion);
        return 0;
    }

    await using var feed = await NpgsqlChangeFeed.StartAsync(source, new NpgsqlChangeFeedOptions { Publication = args[2] });
    Console.WriteLine("slot " + feed.SlotName);
    await Task.Delay(Timeout.Infinite);
    return 0;
}
catch (Exception e)
{
    Console.Error.WriteLine(e);
    return 1;
}
