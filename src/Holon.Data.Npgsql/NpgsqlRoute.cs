using Npgsql;

namespace Holon.Data.Npgsql;

/// <summary>
/// Chooses the server a generated method runs on. With an <see cref="NpgsqlMultiHostDataSource"/>, queries go to
/// a hot standby when one is up (<see cref="TargetSessionAttributes.PreferStandby"/>) and commands to the primary
/// (<see cref="TargetSessionAttributes.Primary"/>); with a plain <see cref="NpgsqlDataSource"/> everything goes to
/// its one host. Npgsql keeps one wrapper per target on the multi-host source, so routing allocates nothing.
/// </summary>
public static class NpgsqlRoute
{
    /// <summary>The source a <c>[Query]</c> opens its connection from: a standby when there is one.</summary>
    /// <param name="source">The class's data source.</param>
    /// <param name="readFromPrimary">
    /// True for <c>[Query(ReadFromPrimary = true)]</c>: read-your-writes. A standby replays the primary's changes
    /// a little later (replica lag), so a row just written may not be there yet.
    /// </param>
    public static NpgsqlDataSource Query(NpgsqlDataSource source, bool readFromPrimary = false)
    {
        ArgumentNullException.ThrowIfNull(source);
        return source is NpgsqlMultiHostDataSource multiHost
            ? multiHost.WithTargetSession(readFromPrimary ? TargetSessionAttributes.Primary : TargetSessionAttributes.PreferStandby)
            : source;
    }

    /// <summary>The source a <c>[Command]</c> opens its connection from: always the primary.</summary>
    /// <param name="source">The class's data source.</param>
    public static NpgsqlDataSource Command(NpgsqlDataSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return source is NpgsqlMultiHostDataSource multiHost ? multiHost.WithTargetSession(TargetSessionAttributes.Primary) : source;
    }
}
