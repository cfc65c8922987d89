using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using SQLitePCL;

namespace Holon.Data.Internal.Native;

/// <summary>
/// One statement's buffer for text bound with <c>SQLITE_STATIC</c>: SQLite keeps a pointer into it instead of a copy,
/// so the bytes must stay unchanged for as long as SQLite may read that binding.
/// </summary>
/// <remarks>
/// The rules that make that true:
/// <list type="bullet">
/// <item>The buffer is pinned (never moves) and belongs to the statement object; it is never returned to a pool.</item>
/// <item>Within one use of the statement every bind takes fresh bytes after the last ones; nothing is rewritten,
/// so a rebind, a reset and a second step in the same use all see the bytes they bound.</item>
/// <item>Only <see cref="Restart"/>, at the start of the next use, lets bytes be reused. A slot bound in an earlier
/// use is then either bound again before the first step of the new use, or bound NULL at that step (the stale-slot
/// rule of <c>PreparedStatement</c>), or was cleared at the end of its use: SQLite never reads a stale pointer.</item>
/// <item>What does not fit in the space left is bound with <c>SQLITE_TRANSIENT</c> (copied) instead.</item>
/// </list>
/// A statement finalized while unreachable does not read its bindings, so the buffer may be collected with it.
/// </remarks>
[SkipLocalsInit]
internal sealed unsafe class StaticTextArena
{
    /// <summary>Bytes per statement: a few ids and short values per use, the common parameters of a lookup.</summary>
    public const int Size = 256;

    private readonly byte[] _bytes = GC.AllocateUninitializedArray<byte>(Size, pinned: true);
    private int _used;

    /// <summary>Lets the next use overwrite the bytes of earlier uses (see the rules above).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Restart() => _used = 0;

    /// <summary>
    /// Encodes <paramref name="value"/> into the space left and binds it with <c>SQLITE_STATIC</c>; false (nothing
    /// bound) when it might not fit.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryBind(sqlite3_stmt stmt, int index, ReadOnlySpan<char> value, out int rc)
    {
        int used = _used;
        // Up to 3 UTF-8 bytes per UTF-16 char (a surrogate pair is 2 chars for 4 bytes).
        if (value.Length > (Size - used) / 3)
        {
            rc = 0;
            return false;
        }

        ref byte start = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_bytes), used);
        int written = SqliteText.Encode(value, MemoryMarshal.CreateSpan(ref start, Size - used));
        _used = used + written;
        rc = SqliteDirect.BindTextStatic(stmt, index, (byte*)Unsafe.AsPointer(ref start), written);
        return true;
    }
}
