using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Holon.Data.Internal;

/// <summary>
/// A per-thread buffer and writer that JSON values are serialized into before SQLite copies them (SQLITE_TRANSIENT),
/// so binding a JSON value allocates nothing once the buffer has grown to the documents' size. The writer follows
/// the type information's options (encoder, indentation, depth) and is made again only when they change.
/// </summary>
internal sealed class JsonUtf8Buffer
{
    // A buffer that grew past this for one large document is dropped, not kept for the thread's life.
    private const int KeepCapacity = 64 * 1024;

    [ThreadStatic]
    private static JsonUtf8Buffer? t_cached;

    private readonly ArrayBufferWriter<byte> _buffer = new(256);
    private Utf8JsonWriter? _writer;
    private JsonSerializerOptions? _options;

    /// <summary>The thread's buffer (a new one while it is in use, as in a nested bind).</summary>
    public static JsonUtf8Buffer Rent()
    {
        var buffer = t_cached ?? new JsonUtf8Buffer();
        t_cached = null;
        return buffer;
    }

    /// <summary>Serializes <paramref name="value"/>; the span is valid until <see cref="Return"/>.</summary>
    public ReadOnlySpan<byte> Write<T>(T value, JsonTypeInfo<T> typeInfo)
    {
        var options = typeInfo.Options;
        if (_writer is null || !ReferenceEquals(options, _options))
        {
            _writer?.Dispose();
            _writer = new Utf8JsonWriter(_buffer, new JsonWriterOptions
            {
                Encoder = options.Encoder,
                Indented = options.WriteIndented,
                IndentCharacter = options.IndentCharacter,
                IndentSize = options.IndentSize,
                NewLine = options.NewLine,
                MaxDepth = options.MaxDepth,
            });
            _options = options;
        }
        else
        {
            _writer.Reset(_buffer);
        }

        JsonSerializer.Serialize(_writer, value, typeInfo);
        _writer.Flush();
        return _buffer.WrittenSpan;
    }

    /// <summary>Empties the buffer and keeps it for the thread's next bind, unless one document made it large.</summary>
    public void Return()
    {
        _buffer.ResetWrittenCount();
        if (_buffer.Capacity <= KeepCapacity) t_cached = this;
    }
}
