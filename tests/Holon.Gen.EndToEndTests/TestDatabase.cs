using Holon.Data;

namespace Holon.Gen.EndToEndTests;

/// <summary>A pool over a fresh SQLite file in a temp folder, with the test schema.</summary>
public sealed class TestDatabase : IDisposable
{
    private readonly string _folder;

    public TestDatabase(int maxReaders = 4, TimeSpan? acquireTimeout = null)
    {
        _folder = Path.Combine(Path.GetTempPath(), "holon-e2e-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
        Pool = new SqlitePool(new SqlitePoolOptions
        {
            ConnectionString = "Data Source=" + Path.Combine(_folder, "test.db"),
            MaxReaders = maxReaders,
            AcquireTimeout = acquireTimeout ?? TimeSpan.FromSeconds(10),
        });
        using var lease = Pool.RentWriter();
        lease.Execute("CREATE TABLE blocks (id TEXT PRIMARY KEY, parent_id TEXT, content TEXT, sort_key INTEGER NOT NULL)");
        lease.Execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, title TEXT NOT NULL, body TEXT)");
        lease.Execute("CREATE TABLE types (id INTEGER PRIMARY KEY, b, u8, i8, i16, u16, i32, u32, i64, u64, f32, f64, dec, str, ch, blob, mem, g, dt, dto, d, t, ts, e)");
    }

    public SqlitePool Pool { get; }

    public void Dispose()
    {
        Pool.Dispose();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}
