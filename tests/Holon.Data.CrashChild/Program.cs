// Crash-durability child: commits numbered transactions and acknowledges each one on stdout after the
// commit returned. The parent kills this process at a random moment and then checks that every
// acknowledged number is in the database.
//
// Usage: Holon.Data.CrashChild <database path> <normal|full> <seed>
//        Holon.Data.CrashChild leak-writers <database path> <track|notrack> <count>   (see LeakedWriters.cs)
using System.Globalization;
using Holon.Data;

if (args.Length == 4 && args[0] == "leak-writers")
{
    return LeakedWriters.Run(args[1], args[2] == "track", int.Parse(args[3], CultureInfo.InvariantCulture));
}

if (args.Length != 3)
{
    Console.Error.WriteLine("usage: Holon.Data.CrashChild <database path> <normal|full> <seed>");
    return 2;
}

var options = new SqlitePoolOptions
{
    ConnectionString = $"Data Source={args[0]}",
    MaxReaders = 1,
    Synchronous = args[1] == "full" ? SynchronousMode.Full : SynchronousMode.Normal,
};
var rng = new Random(int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture));
var stdout = Console.Out;

await using var pool = new SqlitePool(options);
long last = await pool.WriteAsync(lease =>
{
    lease.Execute("CREATE TABLE IF NOT EXISTS commits(n INTEGER PRIMARY KEY, payload BLOB NOT NULL)");
    lease.Execute("CREATE TABLE IF NOT EXISTS head(id INTEGER PRIMARY KEY CHECK (id = 1), n INTEGER NOT NULL)");
    lease.Execute("INSERT OR IGNORE INTO head(id, n) VALUES (1, 0)");
    return ValueTask.FromResult(lease.Scalar<long>("SELECT n FROM head WHERE id = 1"));
});
stdout.WriteLine("ready " + last);
stdout.Flush();

for (long n = last + 1; ; n++)
{
    // Payloads from 16 B to 64 KiB, so commits span pages and the WAL fills and checkpoints while we run.
    int size = rng.Next(4) == 0 ? rng.Next(4096, 65536) : rng.Next(16, 512);
    long number = n;
    await pool.WriteAsync(lease =>
    {
        lease.Execute("INSERT INTO commits(n, payload) VALUES (?1, randomblob(?2))", number, size);
        lease.Execute("UPDATE head SET n = ?1 WHERE id = 1", number);
        return default;
    });

    // Acknowledged: the commit returned.
    stdout.WriteLine(number);
    stdout.Flush();
}
