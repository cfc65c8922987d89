using Holon.Data.Watching;

namespace Holon.Data.Npgsql.Changes;

/// <summary>One subscriber of a change feed, with the rules of SQLite's change stream (<see cref="ChangeBuffer{T}"/>).</summary>
internal sealed class FeedSubscription(FeedHub hub, int capacity, CancellationToken cancellationToken)
    : ChangeBuffer<NpgsqlChangeSet>(capacity, cancellationToken)
{
    protected override void CountOverflow() => hub.CountOverflow();

    protected override NpgsqlChangeSet MissedChanges(NpgsqlChangeSet lastDropped) =>
        new(ChangeSetKind.MissedChanges, lastDropped.Sequence, lastDropped.Lsn, default, null, null, false, lastDropped.EndLsn);

    protected override void Leave() => hub.Remove(this);
}
