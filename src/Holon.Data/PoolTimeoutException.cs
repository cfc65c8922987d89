namespace Holon.Data;

/// <summary>
/// A rent waited longer than <see cref="SqlitePoolOptions.AcquireTimeout"/>. The message names the side (reader or
/// writer), its capacity, the time waited and, with <see cref="SqlitePoolOptions.TrackLeaseOrigins"/> on, where each
/// current holder rented its lease.
/// </summary>
public sealed class PoolTimeoutException : TimeoutException
{
    /// <summary>Creates the exception with a message.</summary>
    public PoolTimeoutException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    public PoolTimeoutException(string message, Exception innerException) : base(message, innerException) { }

    internal PoolTimeoutException(string message, bool isWriter, int capacity, TimeSpan waited) : base(message)
    {
        IsWriter = isWriter;
        Capacity = capacity;
        Waited = waited;
    }

    /// <summary>True when the writer side timed out, false for the reader side.</summary>
    public bool IsWriter { get; }

    /// <summary>The capacity of the side that timed out (1 for the writer, <c>MaxReaders</c> for readers).</summary>
    public int Capacity { get; }

    /// <summary>How long the rent waited.</summary>
    public TimeSpan Waited { get; }
}
