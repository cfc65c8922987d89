using System.Collections.Generic;
using System.Linq;
using Holon.Gen.Diagnostics;
using Holon.Gen.Model;
using Holon.Gen.Sql;
using Microsoft.CodeAnalysis;

namespace Holon.Gen.Parsing;

internal sealed partial class MethodParser
{
    /// <summary>
    /// Matches each SQL parameter to a value parameter, or to a member of the object parameter, by name ignoring
    /// case and underscores; reports SQL parameters without an argument and arguments the SQL never uses.
    /// </summary>
    private List<BindingModel> BindSqlParameters(List<string> sqlParameters, ParsedParameters parameters, LocationInfo? sqlLocation)
    {
        var bindings = new List<BindingModel>();
        var usedValues = new HashSet<IParameterSymbol>(SymbolEqualityComparer.Default);
        bool objectUsed = false;
        // A bulk command's rows bind like an object parameter, from the element each time.
        var rowSource = parameters.Object ?? parameters.Bulk;
        string? rowExpression = parameters.Object is { } o ? Names.Identifier(o.Name) : parameters.Bulk is null ? null : BulkSource.Element;
        var rowType = parameters.Object?.Type ?? (parameters.Bulk is { } bulk ? CollectionElement(bulk.Type, out _) : null);
        var objectMembers = rowType is null ? null : ReadableMembers(rowType);
        // '?' and '?1' bind by position, which the generator never does: one error that says to name them, and no
        // HOLON004/HOLON005 pair on top (the arguments are unused only because the SQL has no names for them).
        var positional = sqlParameters.FirstOrDefault(n => n.StartsWith("?", System.StringComparison.Ordinal));
        if (positional is not null)
        {
            Report(DiagnosticDescriptors.PositionalParameter, sqlLocation, _methodName, positional);
            return bindings;
        }
        for (int slot = 0; slot < sqlParameters.Count; slot++)
        {
            string sqlName = sqlParameters[slot];
            string key = sqlName.Length > 1 && sqlName[0] != '?' ? SqlAnalysis.Normalize(sqlName.Substring(1)) : "";
            var match = key.Length == 0 ? default : parameters.Values.FirstOrDefault(v => SqlAnalysis.Normalize(v.Symbol.Name) == key);
            if (match.Symbol is not null)
            {
                usedValues.Add(match.Symbol);
                bindings.Add(WithInList(new BindingModel(slot, sqlName, Names.Identifier(match.Symbol.Name), match.Symbol.Name, match.Type)));
                continue;
            }
            if (key.Length > 0 && parameters.Unsupported.Any(u => SqlAnalysis.Normalize(u.Name) == key)) continue;
            if (key.Length > 0 && NamesRejectedRowMember(parameters, key)) continue;
            var member = key.Length == 0 ? null : objectMembers?.FirstOrDefault(m => SqlAnalysis.Normalize(m.Name) == key);
            if (member is not null)
            {
                objectUsed = true;
                if (BindMember(rowSource!, rowExpression!, member, slot, sqlName, sqlLocation) is { } binding) bindings.Add(binding);
                continue;
            }
            if (rowSource is { } whole && SqlAnalysis.Normalize(whole.Name) == key)
            {
                // The SQL names the parameter itself (@id for NoteId id): it was meant as one value, and its type has
                // no SQLite storage. One error naming the type, not "no argument for @id" plus "id is never used".
                Report(DiagnosticDescriptors.UnsupportedParameterType, LocationInfo.From(whole.Locations.FirstOrDefault()), whole.Name,
                    _methodName, whole.Type.ToDisplayString());
                objectUsed = true;
                continue;
            }
            Report(DiagnosticDescriptors.SqlParameterWithoutArgument, sqlLocation, sqlName, _methodName);
        }
        foreach (var (symbol, _) in parameters.Values)
        {
            if (!usedValues.Contains(symbol))
                Report(DiagnosticDescriptors.ArgumentNotUsed, LocationInfo.From(symbol.Locations.FirstOrDefault()), symbol.Name, _methodName);
        }
        if (rowSource is { } obj && !objectUsed)
            Report(DiagnosticDescriptors.ArgumentNotUsed, LocationInfo.From(obj.Locations.FirstOrDefault()), obj.Name, _methodName);
        return bindings;
    }

    private BindingModel? BindMember(IParameterSymbol obj, string owner, ISymbol member, int slot, string sqlName, LocationInfo? sqlLocation)
    {
        var memberType = member is IPropertySymbol prop ? prop.Type : ((IFieldSymbol)member).Type;
        string expression = owner + "." + Names.Identifier(member.Name);
        if (Classify(memberType, member) is { } scalar) return new BindingModel(slot, sqlName, expression, obj.Name, scalar);
        Report(DiagnosticDescriptors.UnsupportedParameterType, sqlLocation, obj.Name + "." + member.Name, _methodName, memberType.ToDisplayString());
        return null;
    }

    private List<ISymbol> ReadableMembers(ITypeSymbol type)
    {
        var members = new List<ISymbol>();
        var seen = new HashSet<string>();
        for (var t = type; t is not null; t = t.BaseType)
        {
            foreach (var member in t.GetMembers())
            {
                if (member.IsStatic || member.IsImplicitlyDeclared || !seen.Add(member.Name)) continue;
                bool readable = member switch
                {
                    IPropertySymbol { IsIndexer: false, GetMethod: { } get } => _compilation.IsSymbolAccessibleWithin(get, _type),
                    IFieldSymbol f => _compilation.IsSymbolAccessibleWithin(f, _type),
                    _ => false,
                };
                if (readable) members.Add(member);
            }
        }
        return members;
    }
}
