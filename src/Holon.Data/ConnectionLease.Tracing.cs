namespace Holon.Data;

public readonly partial struct ConnectionLease
{
    /// <summary>The pool this lease came from (for trace spans).</summary>
    internal SqlitePool Pool => Live.Pool;
}
