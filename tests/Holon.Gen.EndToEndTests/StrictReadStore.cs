using Holon.Data;

namespace Holon.Gen.EndToEndTests;

public enum Status { Draft, Published }

public sealed record StrictRow(long Id, Status Status, bool Flag, int? Count);

public sealed record Measurement(long Id, double F);

public sealed record Stamped(long Id, DateTime At);

/// <summary>Values that cannot convert, NaN parameters, Julian days out of range.</summary>
public sealed partial class StrictReadStore(SqlitePool pool)
{
    [Query("SELECT id, status, flag, count FROM strict WHERE id = @id")]
    public partial StrictRow? Get(long id);

    [Query("SELECT count FROM strict WHERE id = @id")]
    public partial int? CountOf(long id);

    [Query("SELECT status FROM strict WHERE id = @id")]
    public partial Status StatusOf(long id);

    [Query("SELECT id, status, flag, count FROM strict WHERE id = @id")]
    public partial (long Id, Status Status, bool Flag, int? Count) TupleOf(long id);

    [Command("INSERT INTO measures (id, f) VALUES (@Id, @F)")]
    public partial int Insert(Measurement m);

    [Query("SELECT id, at FROM stamps WHERE id = @id")]
    public partial Stamped? Stamp(long id);
}
