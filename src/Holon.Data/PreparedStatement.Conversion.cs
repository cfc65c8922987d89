using System.Globalization;
using System.Runtime.CompilerServices;
using Holon.Data.Internal;
using SQLitePCL;

namespace Holon.Data;

// What a column's storage class may become. SQLite's own conversions turn 'abc' into 0, 3.5 into 3
// and '12abc' into 12; Microsoft.Data.Sqlite passes them on. Here a value converts only when nothing is lost:
//   integer members (bool, all integers, enums, char codes): INTEGER; REAL with no fraction (round() gives REAL);
//     TEXT holding exactly an integer ('42', ' -7 '). Anything else throws.
//   double/float members: INTEGER, REAL; TEXT holding exactly a number ('2.5', '1e3'). BLOB throws.
// The hot path pays one sqlite3_column_type per numeric column (it needed it for NULL before, whenever it read 0);
// the parsing below runs only for REAL-into-integer and TEXT, which a well-typed schema never hits.
public sealed partial class PreparedStatement
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    private long ConvertInt64(int ordinal, int type, string? member, string target)
    {
        if (type == raw.SQLITE_FLOAT)
        {
            double d = NativeColumnDouble(ordinal);
            // 2^63 is exactly representable; every double below it in magnitude with no fraction fits a long.
            if (d >= -9223372036854775808.0 && d < 9223372036854775808.0 && Math.Floor(d) == d) return (long)d;
        }
        else if (type == raw.SQLITE_TEXT)
        {
            var utf8 = NativeColumnBytes(ordinal);
            const NumberStyles integer = NumberStyles.AllowLeadingSign | NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite;
            if (long.TryParse(utf8, integer, CultureInfo.InvariantCulture, out long v)) return v;
        }

        throw NotConvertible(ordinal, type, member, target);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private double ConvertDouble(int ordinal, int type, string? member, string target)
    {
        if (type == raw.SQLITE_TEXT)
        {
            var utf8 = NativeColumnBytes(ordinal);
            if (double.TryParse(utf8, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && !double.IsNaN(v)) return v;
        }

        throw NotConvertible(ordinal, type, member, target);
    }

    /// <summary>The column's storage class, using the one <see cref="IsNull"/> just asked for on this row.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int ColumnType(int ordinal) => ordinal == _notNullOrdinal ? _notNullType : NativeColumnType(ordinal);

    /// <summary><see cref="ColumnType"/>, plus the value when it is INTEGER (else 0), in one native read when possible.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int ColumnTypeAndInt64(int ordinal, out long value)
    {
        if (ordinal != _notNullOrdinal) return NativeColumnTypeAndInt64(ordinal, out value);
        value = _notNullType == raw.SQLITE_INTEGER ? NativeColumnInt64(ordinal) : 0;
        return _notNullType;
    }

    /// <summary>A strict 64-bit integer read (see the comment at the top of this file); NULL throws.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private long Int64(int ordinal, string? member, string target)
    {
        EnsureInUse();
        int type = ColumnTypeAndInt64(ordinal, out long value);
        if (type == raw.SQLITE_INTEGER) return value;
        if (type == raw.SQLITE_NULL) ThrowNull(ordinal, member, target);
        return ConvertInt64(ordinal, type, member, target);
    }

    /// <summary>A strict double read; NULL throws.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private double Double(int ordinal, string? member, string target)
    {
        EnsureInUse();
        int type = ColumnType(ordinal);
        if (type is raw.SQLITE_FLOAT or raw.SQLITE_INTEGER) return NativeColumnDouble(ordinal);
        if (type == raw.SQLITE_NULL) ThrowNull(ordinal, member, target);
        return ConvertDouble(ordinal, type, member, target);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ThrowNull(int ordinal, string? member, string target)
    {
        if (member is not null) throw NullColumn(ordinal, member);
        ThrowNullRead(ordinal, target);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private InvalidCastException NotConvertible(int ordinal, int type, string? member, string target)
        => new($"{Where(ordinal, member)} holds {Value(ordinal, type)}, which cannot be read as {target}. SQL: {Sql}");

    /// <summary>A Julian day number (or a number of days) the target type cannot represent.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private OverflowException JulianOutOfRange(int ordinal, string target)
        => new($"{Where(ordinal, null)} holds {Value(ordinal, NativeColumnType(ordinal))}, which is out of range for {target} " +
               $"(numbers are read as Julian day numbers, as SQLite's julianday() returns; store dates as TEXT or julianday()). SQL: {Sql}");

    private DateTime JulianDateTime(int ordinal, string target)
    {
        double day = NativeColumnDouble(ordinal);
        if (Julian.TryToDateTime(day, out var value)) return value;
        throw JulianOutOfRange(ordinal, target);
    }

    /// <summary>"Column 'x' (member 'X') of Ns.Type.Method": the member passed, or the one the column was resolved for.</summary>
    private string Where(int ordinal, string? member)
    {
        member ??= MemberOf(ordinal);
        string what = member is null ? "" : $" (member '{member}')";
        return $"Column '{SafeColumnName(ordinal)}'{what} of {Origin}";
    }

    /// <summary>The result member whose resolved column is <paramref name="ordinal"/>, or null (positional reads, ad-hoc SQL).</summary>
    private string? MemberOf(int ordinal)
    {
        if (_definition is null || _ordinals is null) return null;
        var members = _definition.ResultMemberArray;
        for (int m = 0; m < _ordinals.Length && m < members.Length; m++)
        {
            if (_ordinals[m] == ordinal) return members[m];
        }

        return null;
    }

    /// <summary>The value with its storage class, for messages: <c>TEXT 'Published'</c>, <c>REAL 3.5</c>, <c>BLOB (2 bytes)</c>.</summary>
    private string Value(int ordinal, int type)
    {
        switch (type)
        {
            case raw.SQLITE_INTEGER:
                return "INTEGER " + NativeColumnInt64(ordinal).ToString(CultureInfo.InvariantCulture);
            case raw.SQLITE_FLOAT:
                return "REAL " + NativeColumnDouble(ordinal).ToString("R", CultureInfo.InvariantCulture);
            case raw.SQLITE_BLOB:
                return "BLOB (" + raw.sqlite3_column_bytes(_stmt, ordinal).ToString(CultureInfo.InvariantCulture) + " bytes)";
            case raw.SQLITE_NULL:
                return "NULL";
            default:
                var text = SqliteText.Decode(NativeColumnBytes(ordinal));
                if (text.Length > 80) text = text[..80] + "…";
                return "TEXT '" + text + "'";
        }
    }
}

// Enums stored as their names ([EnumAsText]): generated code passes the enum's names, gets back the index of the one
// the column holds, and maps it to the value with its own switch-free table. No reflection, no string allocated.
public sealed partial class PreparedStatement
{
    /// <summary>
    /// The index in <paramref name="names"/> of the name the column holds, ignoring case. For generated code reading an
    /// enum stored as text; NULL throws the <see cref="NullColumn"/> error naming <paramref name="member"/>.
    /// </summary>
    /// <exception cref="InvalidCastException">NULL, or anything but one of the names; the message names column, member, method and value.</exception>
    public int GetEnumName(int ordinal, string member, string enumType, string[] names)
    {
        int index = GetEnumNameOrNull(ordinal, member, enumType, names);
        return index >= 0 ? index : throw NullColumn(ordinal, member);
    }

    /// <summary>Like <see cref="GetEnumName"/>, but -1 for NULL.</summary>
    /// <exception cref="InvalidCastException">Anything but NULL or one of the names.</exception>
    public int GetEnumNameOrNull(int ordinal, string member, string enumType, string[] names)
    {
        ArgumentNullException.ThrowIfNull(names);
        EnsureInUse();
        int type = NativeColumnType(ordinal);
        if (type == raw.SQLITE_NULL) return -1;
        if (type == raw.SQLITE_TEXT)
        {
            var utf8 = NativeColumnBytes(ordinal);
            Span<char> chars = stackalloc char[128];
            if (utf8.Length <= chars.Length)
            {
                var text = chars[..SqliteText.DecodeLenient(utf8, chars)];
                // Exact spelling first: what generated code writes, and what almost every row holds.
                for (int i = 0; i < names.Length; i++)
                {
                    if (text.SequenceEqual(names[i])) return i;
                }

                for (int i = 0; i < names.Length; i++)
                {
                    if (text.Equals(names[i], StringComparison.OrdinalIgnoreCase)) return i;
                }
            }
        }

        throw NotConvertible(ordinal, type, member, "a name of " + enumType + " (" + string.Join(", ", names) + ")");
    }
}
