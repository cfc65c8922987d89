using Holon.Data;

namespace Holon.Gen.EndToEndTests;

/// <summary>IN-lists of integers and text, in every declared collection, as [Query], [Command] and [Watch].</summary>
public sealed partial class InListStore(SqlitePool pool)
{
    [Query("SELECT id FROM items WHERE id IN @ids ORDER BY id")]
    public partial List<long> ByIds(long[] ids);

    [Query("SELECT id FROM items WHERE id NOT IN @ids ORDER BY id")]
    public partial List<long> NotIds(IReadOnlyList<long> ids);

    [Query("SELECT id FROM items WHERE code IN @codes ORDER BY id")]
    public partial List<long> ByCodes(List<string?> codes);

    [Query("SELECT id FROM items WHERE code NOT IN @codes ORDER BY id")]
    public partial List<long> NotCodes(IEnumerable<string?> codes);

    [Query("SELECT id FROM items WHERE id IN @ids ORDER BY id")]
    public partial List<long> ByNullableIds(int?[] ids);

    [Query("SELECT count(*) FROM items WHERE ratio IN (@ratios)")]
    public partial long CountRatios(double[] ratios);

    [Command("DELETE FROM items WHERE id IN @ids")]
    public partial int Delete(IReadOnlyList<long> ids);

    [Watch("SELECT count(*) FROM items WHERE code IN @codes")]
    public partial IAsyncEnumerable<long> WatchCount(string[] codes, CancellationToken ct = default);
}
