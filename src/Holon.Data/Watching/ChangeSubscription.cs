namespace Holon.Data.Watching;

/// <summary>One subscriber of <see cref="SqlitePool.Changes"/> (the rules are <see cref="ChangeBuffer{T}"/>'s).</summary>
internal sealed class ChangeSubscription(ChangeHub hub, int capacity, CancellationToken cancellationToken)
    : ChangeBuffer<ChangeSet>(capacity, cancellationToken)
{
    protected override void CountOverflow() => hub.CountOverflow();

    protected override ChangeSet MissedChanges(ChangeSet lastDropped) =>
        new(ChangeSetKind.MissedChanges, lastDropped.Sequence, null, null, null);

    protected override void Leave() => hub.Remove(this);
}
