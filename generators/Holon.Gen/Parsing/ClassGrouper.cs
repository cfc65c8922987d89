using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Holon.Gen.Model;

namespace Holon.Gen.Parsing;

/// <summary>Groups parsed methods by their type, in ordinal order, so each partial type becomes one file.</summary>
internal static class ClassGrouper
{
    public static ImmutableArray<ClassModel> Group(EquatableArray<MethodResult> methods)
    {
        var byType = new SortedDictionary<string, (TypeModel Type, List<MethodModel> Methods)>(StringComparer.Ordinal);
        foreach (var result in methods)
        {
            if (!result.Type.IsPartial) continue;
            if (!byType.TryGetValue(result.Type.HintName, out var entry))
            {
                entry = (result.Type, new List<MethodModel>());
                byType.Add(result.Type.HintName, entry);
            }
            if (result.Method is not null) entry.Methods.Add(result.Method);
        }

        return byType.Values
            .Where(e => e.Methods.Count > 0)
            .Select(e => new ClassModel(e.Type, e.Methods.OrderBy(m => m.SortKey, StringComparer.Ordinal).ToEquatableArray()))
            .ToImmutableArray();
    }
}
