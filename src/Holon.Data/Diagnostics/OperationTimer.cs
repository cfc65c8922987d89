using System.Diagnostics;

namespace Holon.Data.Diagnostics;

/// <summary>
/// One call's <c>db.client.operation.duration</c> measurement. Made only while someone listens to the histogram (one
/// small object per call then); a class, because the span that holds it is a readonly struct and
/// <see cref="Failed"/> must be seen by <see cref="Record"/>. One type for every backend: <paramref name="system"/> is
/// <c>db.system.name</c> (<c>sqlite</c>, <c>postgresql</c>), <paramref name="databaseNamespace"/> <c>db.namespace</c>.
/// </summary>
internal sealed class OperationTimer(string system, string? databaseNamespace, string sql)
{
    private readonly long _start = Stopwatch.GetTimestamp();
    private string? _errorType;

    public void Failed(Exception exception) => _errorType ??= exception.GetType().FullName ?? exception.GetType().Name;

    public void Record()
    {
        double seconds = Stopwatch.GetElapsedTime(_start).TotalSeconds;
        var shape = HolonTelemetry.ShapeOf(sql);
        var tags = new TagList
        {
            { "db.system.name", system },
        };
        if (databaseNamespace is not null) tags.Add("db.namespace", databaseNamespace);
        if (shape.Operation is { } operation) tags.Add("db.operation.name", operation);
        if (shape.Collection is { } collection) tags.Add("db.collection.name", collection);
        if (_errorType is { } error) tags.Add("error.type", error);
        HolonTelemetry.OperationDuration.Record(seconds, tags);
    }
}
