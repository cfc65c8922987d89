using Holon.Data.Internal;

namespace Holon.Data.Diagnostics;

/// <summary>
/// What a span says about a SQL text without the text itself: the operation (first keyword of the main statement),
/// the tables it names at the top level, and a low-cardinality summary such as <c>SELECT blocks</c>.
/// A light scan, not a parser: literals, quoted names and comments are skipped; sub-queries are not looked into.
/// </summary>
internal sealed class SqlShape
{
    private static readonly HashSet<string> s_operations = new(StringComparer.OrdinalIgnoreCase)
    {
        "SELECT", "INSERT", "UPDATE", "DELETE", "REPLACE", "UPSERT", "CREATE", "DROP", "ALTER", "PRAGMA", "BEGIN", "COMMIT",
        "END", "ROLLBACK", "SAVEPOINT", "RELEASE", "VACUUM", "ANALYZE", "ATTACH", "DETACH", "REINDEX", "EXPLAIN", "VALUES",
    };

    private SqlShape(string? operation, string? collection, string summary)
    {
        Operation = operation;
        Collection = collection;
        Summary = summary;
    }

    /// <summary><c>db.operation.name</c>: SELECT, INSERT, … (upper case); null when none was recognised.</summary>
    public string? Operation { get; }

    /// <summary><c>db.collection.name</c>: the table, when the statement names exactly one.</summary>
    public string? Collection { get; }

    /// <summary><c>db.query.summary</c> and the span name: the operation and the tables, or <c>sqlite</c>.</summary>
    public string Summary { get; }

    public static SqlShape Parse(string sql)
    {
        var reader = new Reader();
        var scanner = new SqlTokenScanner(sql);
        while (scanner.Next(out var token) && token is not ";") reader.Add(token); // the first statement only
        return reader.ToShape();
    }

    /// <summary>Where the last token leaves the reader: whether the next word names a table.</summary>
    private enum Position { Other, AfterTableKeyword, AfterTable, AfterTableComma }

    /// <summary>Reads the tokens of one statement at the top level; parenthesised parts are skipped.</summary>
    private sealed class Reader
    {
        private readonly List<string> _tables = new();
        private string? _operation;
        private bool _multiple;
        private bool _qualifying;
        private int _depth;
        private Position _position;

        public void Add(ReadOnlySpan<char> token)
        {
            char c = token[0];
            if (c == '(') _depth++;
            else if (c == ')') _depth = Math.Max(0, _depth - 1);
            if (c is '(' or ')' || _depth > 0) _position = Position.Other;
            else if (c is '"' or '`' or '[') Word(Unquote(token), quoted: true);
            else if (char.IsLetter(c) || c == '_') Word(token, quoted: false);
            else Symbol(c);
        }

        public SqlShape ToShape()
        {
            string? collection = !_multiple && _tables.Count == 1 ? _tables[0] : null;
            string summary = _operation is null ? "sqlite" : _tables.Count == 0 ? _operation : _operation + " " + string.Join(' ', _tables);
            return new SqlShape(_operation, collection, summary.Length > 255 ? summary[..255] : summary);
        }

        private void Word(ReadOnlySpan<char> word, bool quoted)
        {
            if (_qualifying)
            {
                // schema.table: the name joins the table just read.
                _tables[^1] = _tables[^1] + "." + word.ToString();
                _qualifying = false;
                _position = Position.AfterTable;
            }
            else if (!quoted && _operation is null && s_operations.Contains(word.ToString()))
            {
                _operation = word.ToString().ToUpperInvariant();
                _position = _operation == "UPDATE" ? Position.AfterTableKeyword : Position.Other;
            }
            else if (_position is Position.AfterTableKeyword or Position.AfterTableComma && (quoted || !IsNotATable(word)))
            {
                AddTable(word.ToString());
            }
            else
            {
                _position = !quoted && IsTableKeyword(word) ? Position.AfterTableKeyword : Position.Other;
            }
        }

        private void Symbol(char c)
        {
            if (c == '.' && _position == Position.AfterTable)
            {
                _qualifying = true;
                return;
            }
            if (c == ',' && _position == Position.AfterTable)
            {
                _multiple = true; // FROM a, b
                _position = Position.AfterTableComma;
                return;
            }
            _position = Position.Other;
        }

        private void AddTable(string table)
        {
            _position = Position.AfterTable;
            if (_tables.Contains(table, StringComparer.Ordinal)) return;
            _tables.Add(table);
            if (_tables.Count > 1) _multiple = true;
        }

        // "x", `x` and [x] name x; an unterminated one runs to the end of the text.
        private static ReadOnlySpan<char> Unquote(ReadOnlySpan<char> token) =>
            token.Length > 1 && token[^1] == (token[0] == '[' ? ']' : token[0]) ? token[1..^1] : token[1..];

        private static bool IsTableKeyword(ReadOnlySpan<char> word) =>
            Is(word, "FROM") || Is(word, "JOIN") || Is(word, "INTO") || Is(word, "TABLE") || Is(word, "EXISTS");

        // CREATE TABLE IF NOT EXISTS, INSERT OR REPLACE INTO, FROM (SELECT …): keywords where a table could be.
        private static bool IsNotATable(ReadOnlySpan<char> word) => Is(word, "IF") || Is(word, "NOT") || Is(word, "OR") || Is(word, "SELECT");

        private static bool Is(ReadOnlySpan<char> word, string keyword) => word.Equals(keyword, StringComparison.OrdinalIgnoreCase);
    }
}
