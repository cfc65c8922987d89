using System.Buffers;
using System.ComponentModel;
using System.Globalization;

namespace Holon.Data.Generated;

/// <summary>
/// Writes an IN-list's elements as one JSON array of UTF-8 bytes, bound as the single TEXT value that
/// <c>json_each(@list)</c> reads: one prepared statement serves every list length. The buffer is pooled and the writer
/// is cached per thread, so writing a list allocates nothing once warm.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class InListJson
{
    [ThreadStatic] private static InListJson? t_cached;

    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(256);
    private int _length;
    private int _count;
    private string _origin = "";
    private string _parameter = "";

    private InListJson() { }

    /// <summary>A writer for the list <paramref name="parameter"/> of <paramref name="origin"/>, with '[' written.</summary>
    public static InListJson Start(string origin, string parameter)
    {
        var w = t_cached ?? new InListJson();
        t_cached = null;
        w._origin = origin;
        w._parameter = parameter;
        w._length = 0;
        w._count = 0;
        w.Raw((byte)'[');
        return w;
    }

    /// <summary>Appends an integer element.</summary>
    public void Int64(long value)
    {
        Separator();
        Ensure(24);
        value.TryFormat(_buffer.AsSpan(_length), out int written, default, CultureInfo.InvariantCulture);
        _length += written;
    }

    /// <summary>Appends a floating-point element, written so that it reads back as the same double.</summary>
    public void Double(double value)
    {
        // JSON has no NaN or infinity; SQLite would turn NaN into NULL. Refused, naming the element.
        if (!double.IsFinite(value))
            throw new ArgumentException($"{_origin}: element {_count} of '{_parameter}' is {value}, which an IN-list cannot hold.", _parameter);
        Separator();
        Ensure(32);
        value.TryFormat(_buffer.AsSpan(_length), out int written, "R", CultureInfo.InvariantCulture);
        _length += written;
    }

    /// <summary>Appends a text element, JSON-escaped.</summary>
    public void Text(ReadOnlySpan<char> value)
    {
        Separator();
        Raw((byte)'"');
        for (int i = 0; i < value.Length; i++)
        {
            char c = value[i];
            if (c == '"' || c == '\\')
            {
                Raw((byte)'\\');
                Raw((byte)c);
            }
            else if (c < 0x20)
            {
                Ensure(6);
                _buffer[_length++] = (byte)'\\';
                _buffer[_length++] = (byte)'u';
                ((int)c).TryFormat(_buffer.AsSpan(_length), out int written, "x4", CultureInfo.InvariantCulture);
                _length += written;
            }
            else if (c < 0x80)
            {
                Raw((byte)c);
            }
            else
            {
                // A run of non-ASCII characters is encoded at once, so surrogate pairs stay pairs.
                int end = i + 1;
                while (end < value.Length && value[end] >= 0x80) end++;
                var run = value[i..end];
                Ensure(run.Length * 3);
                _length += System.Text.Encoding.UTF8.GetBytes(run, _buffer.AsSpan(_length));
                i = end - 1;
            }
        }
        Raw((byte)'"');
    }

    /// <summary>Appends a formatted element (GUID, dates, decimal) as a JSON string.</summary>
    public void Formatted<T>(T value, string format) where T : IUtf8SpanFormattable
    {
        Separator();
        Raw((byte)'"');
        Ensure(64);
        value.TryFormat(_buffer.AsSpan(_length), out int written, format, CultureInfo.InvariantCulture);
        _length += written;
        Raw((byte)'"');
    }

    /// <summary>Appends a GUID as upper-case text, as a GUID parameter is bound.</summary>
    public void Guid(Guid value)
    {
        Separator();
        Raw((byte)'"');
        Ensure(36);
        value.TryFormat(_buffer.AsSpan(_length), out int written, "D");
        for (int i = _length; i < _length + written; i++)
        {
            if (_buffer[i] is >= (byte)'a' and <= (byte)'f') _buffer[i] -= 'a' - 'A';
        }
        _length += written;
        Raw((byte)'"');
    }

    /// <summary>Appends a NULL element (it never matches: <c>x IN (NULL)</c> is never true).</summary>
    public void Null()
    {
        Separator();
        Ensure(4);
        "null"u8.CopyTo(_buffer.AsSpan(_length));
        _length += 4;
    }

    /// <summary>Closes the array, binds it to <paramref name="slot"/> and gives the writer back.</summary>
    public void BindTo(PreparedStatement statement, int slot)
    {
        Raw((byte)']');
        try
        {
            statement.BindUtf8Text(slot, _buffer.AsSpan(0, _length));
        }
        finally
        {
            if (_buffer.Length > 64 * 1024)
            {
                // A very long list does not keep its buffer on the thread.
                ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = ArrayPool<byte>.Shared.Rent(256);
            }
            t_cached = this;
        }
    }

    /// <summary>The JSON written so far, for tests and error messages.</summary>
    public override string ToString() => System.Text.Encoding.UTF8.GetString(_buffer, 0, _length);

    private void Separator()
    {
        if (_count++ > 0) Raw((byte)',');
    }

    private void Raw(byte b)
    {
        Ensure(1);
        _buffer[_length++] = b;
    }

    private void Ensure(int more)
    {
        if (_length + more <= _buffer.Length) return;
        var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _length + more));
        _buffer.AsSpan(0, _length).CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = bigger;
    }
}
