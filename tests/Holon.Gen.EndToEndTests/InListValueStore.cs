using Holon.Data;

namespace Holon.Gen.EndToEndTests;

/// <summary>IN-lists of Guid, decimal and the date and time types, against rows written by their scalar parameters.</summary>
public sealed partial class InListValueStore(SqlitePool pool)
{
    [Command("INSERT INTO vals (id, g, dec, dt, dto, d, t) VALUES (@id, @g, @dec, @dt, @dto, @d, @t)")]
    public partial int Insert(long id, Guid g, decimal dec, DateTime dt, DateTimeOffset dto, DateOnly d, TimeOnly t);

    [Query("SELECT id FROM vals WHERE g IN @gs ORDER BY id")]
    public partial List<long> ByGuids(Guid[] gs);

    [Query("SELECT id FROM vals WHERE g NOT IN @gs ORDER BY id")]
    public partial List<long> NotGuids(IReadOnlyList<Guid> gs);

    [Query("SELECT id FROM vals WHERE dec IN @decs ORDER BY id")]
    public partial List<long> ByDecimals(List<decimal> decs);

    [Query("SELECT id FROM vals WHERE dt IN @dts ORDER BY id")]
    public partial List<long> ByDateTimes(IEnumerable<DateTime> dts);

    [Query("SELECT id FROM vals WHERE dto IN @dtos ORDER BY id")]
    public partial List<long> ByDateTimeOffsets(DateTimeOffset[] dtos);

    [Query("SELECT id FROM vals WHERE d IN @ds ORDER BY id")]
    public partial List<long> ByDates(IReadOnlyList<DateOnly?> ds);

    [Query("SELECT id FROM vals WHERE t IN @ts ORDER BY id")]
    public partial List<long> ByTimes(TimeOnly[] ts);
}
