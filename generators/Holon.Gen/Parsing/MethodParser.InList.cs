using System.Collections.Generic;
using System.Linq;
using Holon.Gen.Diagnostics;
using Holon.Gen.Model;
using Holon.Gen.Sql;
using Microsoft.CodeAnalysis;

namespace Holon.Gen.Parsing;

internal sealed partial class MethodParser
{
    /// <summary>IN-list parameters by C# name: lists of scalars the SQL uses as <c>IN @name</c>.</summary>
    private readonly Dictionary<string, InListModel> _inLists = new();

    /// <summary>List parameters already reported (HOLON048/049): they get no second error as unsupported types.</summary>
    private readonly HashSet<string> _inListReported = new();

    /// <summary>
    /// Finds parameters that are lists of scalars (T[], List, IReadOnlyList, IEnumerable of a value
    /// <see cref="TypeClassifier.Classify"/> maps) and rewrites each <c>IN @name</c> once, in the SQL the statement
    /// runs, so one prepared statement serves every list length: the backend decides the spelling. A list of scalars
    /// the SQL uses otherwise is HOLON048, except a PostgreSQL array (T[], List&lt;T&gt;), which binds as itself.
    /// </summary>
    private string RewriteInLists(string sql, LocationInfo? sqlLocation, Emitting.Backend.BackendEmitter backend)
    {
        var lists = new List<(IParameterSymbol Symbol, InListModel Model)>();
        foreach (var p in _method.Parameters)
        {
            if (InListOf(p) is { } model) lists.Add((p, model));
        }
        if (lists.Count == 0) return sql;

        var tokens = SqlScanner.Scan(sql);
        var edits = new List<(int Start, int End, string Text)>();
        foreach (var (symbol, model) in lists)
        {
            string key = SqlAnalysis.Normalize(symbol.Name);
            bool otherUse = false;
            var uses = new List<(int Start, int End, bool Not, string Parameter)>();
            for (int i = 0; i < tokens.Count; i++)
            {
                var t = tokens[i];
                if (t.Kind != SqlTokenKind.Parameter || t.Text.Length < 2 || SqlAnalysis.Normalize(t.Text.Substring(1)) != key) continue;
                if (i > 0 && IsWord(tokens[i - 1], "IN"))
                {
                    bool not = i > 1 && IsWord(tokens[i - 2], "NOT");
                    uses.Add((tokens[not ? i - 2 : i - 1].Start, t.Start + t.Text.Length, not, t.Text));
                }
                else if (i > 1 && tokens[i - 1].Text == "(" && IsWord(tokens[i - 2], "IN") && i + 1 < tokens.Count && tokens[i + 1].Text == ")")
                {
                    // IN (@ids), as Dapper users write it: the same list.
                    bool not = i > 2 && IsWord(tokens[i - 3], "NOT");
                    uses.Add((tokens[not ? i - 3 : i - 2].Start, tokens[i + 1].Start + 1, not, t.Text));
                }
                else otherUse = true;
            }
            var location = LocationInfo.From(symbol.Locations.FirstOrDefault());
            bool isArray = _backend == DatabaseBackend.Postgres && TypeClassifier.ClassifyCollection(symbol.Type) is not null;
            if (uses.Count == 0 && isArray) continue;            // a PostgreSQL array used as one, e.g. = ANY(@ids)
            if (otherUse && !isArray)
            {
                Report(DiagnosticDescriptors.InListNotUsedAsIn, sqlLocation ?? location, _methodName, symbol.Name);
                _inListReported.Add(symbol.Name);
                continue;
            }
            // A JSON document is no element a list can compare with.
            if (!backend.InListHolds(model.Element) || model.Element.Conversion is { Kind: ConversionKind.Json })
            {
                Report(DiagnosticDescriptors.InListElementNotSupported, location, _methodName, symbol.Name, model.Element.ModelTypeName);
                _inListReported.Add(symbol.Name);
                continue;
            }
            _inLists[symbol.Name] = model;
            foreach (var use in uses) edits.Add((use.Start, use.End, backend.InListSql(use.Not, use.Parameter)));
        }
        if (edits.Count == 0) return sql;
        var text = new System.Text.StringBuilder(sql);
        foreach (var e in edits.OrderByDescending(e => e.Start)) text.Remove(e.Start, e.End - e.Start).Insert(e.Start, e.Text);
        return text.ToString();
    }

    /// <summary>The hook in <see cref="RoleOf"/>: an IN-list binds as a value; a reported list is unsupported, silently.</summary>
    private bool TryInListRole(IParameterSymbol p, ParsedParameters parsed)
    {
        if (_inLists.TryGetValue(p.Name, out var list))
        {
            parsed.Values.Add((p, list.Element));
            return true;
        }
        if (!_inListReported.Contains(p.Name)) return false;
        parsed.Unsupported.Add(p);
        return true;
    }

    private static bool IsWord(SqlToken token, string word) =>
        token.Kind == SqlTokenKind.Word && string.Equals(token.Text, word, System.StringComparison.OrdinalIgnoreCase);

    /// <summary>The IN-list a parameter of a list-of-scalars type would be; null for any other type (rows are bulk commands).</summary>
    private InListModel? InListOf(IParameterSymbol p)
    {
        var type = p.Type;
        // [SqlJson] on the parameter stores the whole list as one JSON document: no IN-list.
        if (JsonColumnParser.OnUse(type, p, nullable: false, oblivious: false) is not null) return null;
        ITypeSymbol? element;
        InListCollection collection;
        if (type is IArrayTypeSymbol { Rank: 1 } array && array.ElementType.SpecialType != SpecialType.System_Byte)
        {
            element = array.ElementType;
            collection = InListCollection.Array;
        }
        else if (TypeClassifier.IsGeneric(type, "System.Collections.Generic", "List`1", out element)) collection = InListCollection.List;
        else if (TypeClassifier.IsGeneric(type, "System.Collections.Generic", "IReadOnlyList`1", out element)) collection = InListCollection.ReadOnlyList;
        else if (TypeClassifier.IsGeneric(type, "System.Collections.Generic", "IEnumerable`1", out element)) collection = InListCollection.Enumerable;
        else return null;
        // The one classification of a value: converted and wrapper types classify here too.
        return TypeClassifier.Classify(element, p, _enumsAsText, _compilation.Assembly) is { } scalar ? new InListModel(scalar, collection) : null;
    }

    /// <summary>The binding of an IN-list parameter, or <paramref name="binding"/> unchanged for any other.</summary>
    private BindingModel WithInList(BindingModel binding) =>
        _inLists.TryGetValue(binding.ParameterName, out var list) ? binding with { InList = list } : binding;
}
