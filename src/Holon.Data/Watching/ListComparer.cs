namespace Holon.Data;

/// <summary>
/// Compares two lists element by element with <see cref="EqualityComparer{T}.Default"/> (so records compare by
/// value). Watches use it to skip an emission equal to the previous one.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
public sealed class ListComparer<T> : IEqualityComparer<IReadOnlyList<T>?>
{
    /// <summary>The shared instance.</summary>
    public static ListComparer<T> Default { get; } = new();

    private ListComparer() { }

    /// <inheritdoc/>
    public bool Equals(IReadOnlyList<T>? x, IReadOnlyList<T>? y)
    {
        if (ReferenceEquals(x, y)) return true;
        if (x is null || y is null || x.Count != y.Count) return false;
        var element = EqualityComparer<T>.Default;
        for (int i = 0; i < x.Count; i++)
        {
            if (!element.Equals(x[i], y[i])) return false;
        }
        return true;
    }

    /// <inheritdoc/>
    public int GetHashCode(IReadOnlyList<T>? obj)
    {
        if (obj is null) return 0;
        var hash = new HashCode();
        hash.Add(obj.Count);
        for (int i = 0; i < obj.Count && i < 16; i++) hash.Add(obj[i]);
        return hash.ToHashCode();
    }
}
