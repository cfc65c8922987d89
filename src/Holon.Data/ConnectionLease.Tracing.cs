namespace Holon.Data;

public readonly partial struct ConnectionLease
{
    /// <summary>The pool this lease came from (for trace spans).</summary>
    internal SqlitePool Pool => Live.Pool;

    /// <summary>The rented connection (for trace spans: it may hold a wait for the span to take).</summary>
    internal Internal.PhysicalConnection Rented => Live;
}
