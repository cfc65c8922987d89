using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using Holon.Gen.Model;

namespace Holon.Gen.Parsing;

/// <summary>Groups parsed methods by their type, in ordinal order, so each partial type becomes one file.</summary>
internal static class ClassGrouper
{
    public static ImmutableArray<ClassModel> Group(EquatableArray<MethodResult> methods)
    {
        // A type that is not partial (HOLON001) still gets its throwing stubs: the compiler then reports only CS0260
        // ("missing partial modifier"), where without them it added CS0751 and CS8795 on every method.
        // Keyed on the type's identity, never on its file name: two types must never share a file.
        var byType = new SortedDictionary<string, (TypeModel Type, List<MethodModel> Methods)>(StringComparer.Ordinal);
        foreach (var result in methods)
        {
            if (!byType.TryGetValue(result.Type.Identity, out var entry))
            {
                entry = (result.Type, new List<MethodModel>());
                byType.Add(result.Type.Identity, entry);
            }
            if (result.Method is not null) entry.Methods.Add(result.Method);
        }

        // Roslyn compares hint names ignoring case, and Outer`1 and Outer_1 are both spelled Outer_1, so a name already
        // taken gets a numeric suffix; types are visited in identity order, so the suffixes are deterministic.
        var taken = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var classes = ImmutableArray.CreateBuilder<ClassModel>();
        foreach (var (type, list) in byType.Values)
        {
            if (list.Count == 0) continue;
            string hint = type.HintName;
            for (int n = 2; !taken.Add(hint); n++) hint = type.HintName + "_" + n.ToString(CultureInfo.InvariantCulture);
            classes.Add(new ClassModel(type, list.OrderBy(m => m.SortKey, StringComparer.Ordinal).ToEquatableArray(), hint + ".g.cs"));
        }
        return classes.ToImmutable();
    }
}
