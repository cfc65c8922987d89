using System.Text;

namespace Holon.Gen.Emitting;

/// <summary>Writes lines with four-space indentation and '\n' line ends, so output is the same on every OS.</summary>
internal sealed class IndentedWriter
{
    private readonly StringBuilder _text = new();
    private int _depth;

    public IndentedWriter Line(string line = "")
    {
        if (line.Length > 0) _text.Append(' ', _depth * 4).Append(line);
        _text.Append('\n');
        return this;
    }

    /// <summary>Writes '{' and indents.</summary>
    public IndentedWriter Open(string? header = null)
    {
        if (header is not null) Line(header);
        Line("{");
        _depth++;
        return this;
    }

    /// <summary>Dedents and writes '}' (plus an optional suffix such as ';').</summary>
    public IndentedWriter Close(string suffix = "")
    {
        _depth--;
        return Line("}" + suffix);
    }

    public IndentedWriter Indent() { _depth++; return this; }

    public IndentedWriter Dedent() { _depth--; return this; }

    public override string ToString() => _text.ToString();
}
