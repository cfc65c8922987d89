using System.Collections.Generic;
using System.Linq;
using Holon.Gen.Model;

namespace Holon.Gen.Verification;

/// <summary>The one place that reads the parser's model for verification; re-wiring to a new model changes only this.</summary>
internal static class StatementMapping
{
    public static IEnumerable<VerifiedStatement> From(EquatableArray<MethodResult> methods)
    {
        foreach (var result in methods)
        {
            if (result.Method is not { IsStub: false } m || string.IsNullOrWhiteSpace(m.Sql)) continue;
            if (m.Backend != DatabaseBackend.Sqlite) continue; // the migrations build a SQLite schema; PostgreSQL SQL is not checked here
            yield return new VerifiedStatement(m.SortKey, m.Origin, m.Sql, m.Kind, m.Element?.Kind == ElementKind.Row,
                Members(m).ToEquatableArray(), m.SqlParameterNames,
                m.Bindings.Select(b => new VerifiedBinding(b.SqlName, b.ParameterName, Stored(b.Type), b.Type.TypeName)).ToEquatableArray());
        }
    }

    /// <summary>
    /// The members that receive columns, as both the build-time check and the generated <c>ResultMemberInfo[]</c> give
    /// them (so <c>SqlitePool.Verify</c> answers the same): positional shapes have empty names.
    /// </summary>
    public static IEnumerable<VerifiedMember> Members(MethodModel m)
    {
        if (m.Element is null || m.Shape is ResultShape.Void or ResultShape.RowsAffected) return Enumerable.Empty<VerifiedMember>();
        if (m.Element.Kind == ElementKind.Scalar && m.Element.Scalar is { } s)
            return new[] { new VerifiedMember("", s.TypeName, Stored(s), s.IsEnum, s.IsNullable, IsRequired: true, s.IsCollection) };
        bool positional = m.Element.Kind == ElementKind.Tuple;
        return m.Element.Members.Select(x => new VerifiedMember(positional ? "" : x.Name, x.Type.TypeName, Stored(x.Type), x.Type.IsEnum,
            x.Type.IsNullable, IsRequired: positional || x.IsRequired, x.Type.IsCollection));
    }

    /// <summary>The kind the runtime stores: an enum stored as its name ([EnumAsText]) is TEXT, not its underlying integer.</summary>
    private static ValueKind Stored(ScalarType t) => t.Text is null ? t.Kind : ValueKind.String;
}
