using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Holon.Gen.Diagnostics;
using Holon.Gen.Model;
using Holon.Gen.Sql;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Holon.Gen.Parsing;

/// <summary>Turns one attributed partial method into an equatable <see cref="MethodModel"/> plus diagnostics.</summary>
internal static partial class Parser
{
    public static MethodResult Parse(GeneratorAttributeSyntaxContext context, SqlKind kind, CancellationToken cancellationToken)
    {
        var method = (IMethodSymbol)context.TargetSymbol;
        var syntax = (MethodDeclarationSyntax)context.TargetNode;
        var compilation = context.SemanticModel.Compilation;
        var type = method.ContainingType;
        var diagnostics = new List<DiagnosticInfo>();
        string attributeName = kind.ToString();
        string methodName = type.Name + "." + method.Name;

        var typeModel = ParseType(type, syntax, out var notPartial);
        if (notPartial is not null)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.TypeNotPartial,
                LocationInfo.From(notPartial.Identifier), notPartial.Identifier.ValueText));
        }

        var methodLocation = LocationInfo.From(syntax.Identifier);
        var attributeSyntax = context.Attributes[0].ApplicationSyntaxReference?.GetSyntax(cancellationToken) as AttributeSyntax;
        var sqlLocation = LocationInfo.From((SyntaxNode?)attributeSyntax?.ArgumentList?.Arguments.FirstOrDefault() ?? attributeSyntax);

        bool isPartialDeclaration = syntax.Modifiers.Any(SyntaxKind.PartialKeyword) && syntax.Body is null && syntax.ExpressionBody is null;
        if (!isPartialDeclaration)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MethodNotPartial, methodLocation, methodName));
            return Fail(typeModel, diagnostics);
        }

        if (method.IsGenericMethod)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.GenericMethod, methodLocation, methodName, attributeName));
            return Fail(typeModel, diagnostics);
        }

        // ---- one Holon attribute ----
        // Each attribute kind has its own pipeline, and each sees this method; the pipeline of the first attribute
        // reports the error and makes the one stub, the others stay silent.
        var holonKinds = method.GetAttributes().Select(a => HolonKind(a.AttributeClass)).OfType<SqlKind>().ToList();
        if (holonKinds.Count > 1)
        {
            if (holonKinds[0] != kind) return Fail(typeModel, diagnostics);
            var names = holonKinds.Select(k => "[" + k + "]").ToList();
            string listed = string.Join(", ", names.Take(names.Count - 1)) + " and " + names[names.Count - 1];
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.SeveralHolonAttributes, methodLocation, methodName, listed));
            var stubParameters = method.Parameters.Select(p => new ParameterModel(Identifier(p.Name), p.Type.ToDisplayString(TypeClassifier.FullyQualified),
                ParameterPrefix(p), ParameterRole.Value, HasEnumeratorCancellation: false, p.Type.IsReferenceType));
            return Stub(typeModel, method, syntax, kind, "", stubParameters, diagnostics);
        }

        // ---- SQL ----
        string sql = context.Attributes[0].ConstructorArguments.FirstOrDefault().Value as string ?? "";
        var analysis = SqlAnalysis.Analyze(sql);
        if (analysis.StatementCount == 0)
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidSql, sqlLocation, methodName, "is empty; write exactly one SQL statement"));
        else if (analysis.StatementCount > 1)
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidSql, sqlLocation, methodName,
                $"holds {analysis.StatementCount} statements; write exactly one statement per method"));

        // ---- parameters ----
        var parameters = new List<ParameterModel>();
        var valueParameters = new List<(IParameterSymbol Symbol, ScalarType Type)>();
        IParameterSymbol? objectParameter = null;
        var unsupported = new List<IParameterSymbol>();   // already reported; still matched by name to avoid a second error
        string? leaseParameter = null, tokenParameter = null;
        var leaseType = compilation.GetTypeByMetadataName("Holon.Data.ConnectionLease");
        var poolType = compilation.GetTypeByMetadataName("Holon.Data.SqlitePool");
        var tokenType = compilation.GetTypeByMetadataName("System.Threading.CancellationToken");
        var enumeratorCancellation = compilation.GetTypeByMetadataName("System.Runtime.CompilerServices.EnumeratorCancellationAttribute");
        foreach (var p in method.Parameters)
        {
            string name = Identifier(p.Name);
            string typeName = p.Type.ToDisplayString(TypeClassifier.FullyQualified);
            string prefix = ParameterPrefix(p);
            var pLocation = LocationInfo.From(p.Locations.FirstOrDefault());
            ParameterRole role;
            // ref/out/in and params cannot cross into the async helpers, and are never needed to bind a value.
            if (p.RefKind != RefKind.None || p.IsParams)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedParameterType, pLocation, p.Name, methodName, prefix + p.Type.ToDisplayString()));
                unsupported.Add(p);
                role = ParameterRole.Value;
            }
            else if (SymbolEqualityComparer.Default.Equals(p.Type, leaseType) && leaseParameter is null)
            {
                role = ParameterRole.Lease;
                leaseParameter = name;
            }
            else if (SymbolEqualityComparer.Default.Equals(p.Type, tokenType) && tokenParameter is null)
            {
                role = ParameterRole.CancellationToken;
                tokenParameter = name;
            }
            else if (TypeClassifier.Classify(p.Type) is { } scalar)
            {
                role = ParameterRole.Value;
                valueParameters.Add((p, scalar));
            }
            else if (objectParameter is null && IsObjectCandidate(p.Type))
            {
                role = ParameterRole.Object;
                objectParameter = p;
            }
            else
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedParameterType, pLocation, p.Name, methodName, p.Type.ToDisplayString()));
                unsupported.Add(p);
                role = ParameterRole.Value;
            }
            bool hasEc = p.GetAttributes().Any(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, enumeratorCancellation));
            parameters.Add(new ParameterModel(name, typeName, prefix, role, hasEc, p.Type.IsReferenceType));
        }

        // ---- connection source ----
        string? poolExpression = null;
        if (leaseParameter is null)
        {
            poolExpression = FindPool(type, method, poolType, compilation);
            if (poolExpression is null)
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NoConnectionSource, methodLocation, methodName, type.Name));
        }

        // ---- bind SQL parameters to arguments ----
        var bindings = new List<BindingModel>();
        var usedValues = new HashSet<IParameterSymbol>(SymbolEqualityComparer.Default);
        bool objectUsed = false;
        var objectMembers = objectParameter is null ? null : ReadableMembers(objectParameter.Type, type, compilation);
        for (int slot = 0; slot < analysis.Parameters.Count; slot++)
        {
            string sqlName = analysis.Parameters[slot];
            string key = sqlName.Length > 1 && sqlName[0] != '?' ? SqlAnalysis.Normalize(sqlName.Substring(1)) : "";
            var match = key.Length == 0 ? default : valueParameters.FirstOrDefault(v => SqlAnalysis.Normalize(v.Symbol.Name) == key);
            if (match.Symbol is not null)
            {
                usedValues.Add(match.Symbol);
                bindings.Add(new BindingModel(slot, sqlName, Identifier(match.Symbol.Name), match.Type));
                continue;
            }
            if (key.Length > 0 && unsupported.Any(u => SqlAnalysis.Normalize(u.Name) == key)) continue;
            var member = key.Length == 0 || objectMembers is null ? null : objectMembers.FirstOrDefault(m => SqlAnalysis.Normalize(m.Name) == key);
            if (member is not null)
            {
                objectUsed = true;
                var memberType = member is IPropertySymbol prop ? prop.Type : ((IFieldSymbol)member).Type;
                string expression = Identifier(objectParameter!.Name) + "." + Identifier(member.Name);
                if (TypeClassifier.Classify(memberType) is { } scalar)
                    bindings.Add(new BindingModel(slot, sqlName, expression, scalar));
                else
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedParameterType, sqlLocation,
                        objectParameter.Name + "." + member.Name, methodName, memberType.ToDisplayString()));
                continue;
            }
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.SqlParameterWithoutArgument, sqlLocation, sqlName, methodName));
        }
        foreach (var (symbol, _) in valueParameters)
        {
            if (!usedValues.Contains(symbol))
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ArgumentNotUsed, LocationInfo.From(symbol.Locations.FirstOrDefault()), symbol.Name, methodName));
        }
        if (objectParameter is not null && !objectUsed)
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ArgumentNotUsed, LocationInfo.From(objectParameter.Locations.FirstOrDefault()), objectParameter.Name, methodName));

        // ---- return type ----
        var returnLocation = LocationInfo.From(syntax.ReturnType);
        string returnTypeName = method.ReturnType.ToDisplayString(TypeClassifier.FullyQualified);
        var wrapper = ResultWrapper.None;
        ITypeSymbol? inner = method.ReturnType;
        if (method.ReturnsVoid) inner = null;
        else if (TypeClassifier.IsGeneric(method.ReturnType, "System.Threading.Tasks", "Task`1", out var t1)) { wrapper = ResultWrapper.Task; inner = t1; }
        else if (TypeClassifier.IsGeneric(method.ReturnType, "System.Threading.Tasks", "ValueTask`1", out var t2)) { wrapper = ResultWrapper.ValueTask; inner = t2; }
        else if (TypeClassifier.IsType(method.ReturnType, "System.Threading.Tasks", "Task")) { wrapper = ResultWrapper.Task; inner = null; }
        else if (TypeClassifier.IsType(method.ReturnType, "System.Threading.Tasks", "ValueTask")) { wrapper = ResultWrapper.ValueTask; inner = null; }
        else if (TypeClassifier.IsGeneric(method.ReturnType, "System.Collections.Generic", "IAsyncEnumerable`1", out var t3)) { wrapper = ResultWrapper.AsyncEnumerable; inner = t3; }

        ResultShape shape = ResultShape.Void;
        ElementModel? element = null;
        bool returnsRows = kind != SqlKind.Command || analysis.HasReturning;
        string? returnProblem = null;
        if (kind == SqlKind.Watch)
        {
            returnProblem = ParseWatchResult(wrapper, inner, leaseParameter, method, type, compilation, diagnostics, returnLocation, methodName, out shape, out element);
        }
        else if (wrapper == ResultWrapper.AsyncEnumerable)
        {
            shape = ResultShape.Stream;
            if (!returnsRows) returnProblem = "";
            else element = ParseElement(inner!, method, type, compilation, diagnostics, returnLocation, methodName, stripNullable: false);
        }
        else if (inner is null)
        {
            shape = ResultShape.Void;
            if (kind == SqlKind.Query) returnProblem = "";
        }
        else if (!returnsRows)
        {
            if (inner.SpecialType == SpecialType.System_Int32) shape = ResultShape.RowsAffected;
            else returnProblem = "";
        }
        else
        {
            ITypeSymbol elementType;
            if (TypeClassifier.IsGeneric(inner, "System.Collections.Generic", "List`1", out var e1)) { shape = ResultShape.List; elementType = e1; }
            else if (TypeClassifier.IsGeneric(inner, "System.Collections.Generic", "IReadOnlyList`1", out var e2)) { shape = ResultShape.ReadOnlyList; elementType = e2; }
            else if (inner is IArrayTypeSymbol { Rank: 1 } array && array.ElementType.SpecialType != SpecialType.System_Byte) { shape = ResultShape.Array; elementType = array.ElementType; }
            else
            {
                bool nullable = inner.NullableAnnotation == NullableAnnotation.Annotated
                    || inner is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T };
                shape = nullable ? ResultShape.FirstOrDefault : ResultShape.Single;
                elementType = inner;
            }
            element = ParseElement(elementType, method, type, compilation, diagnostics, returnLocation, methodName,
                stripNullable: shape is ResultShape.FirstOrDefault or ResultShape.Single);
        }
        if (returnProblem is not null)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedReturnType, returnLocation, methodName, method.ReturnType.ToDisplayString(), attributeName));
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (diagnostics.Count > 0) return Stub(typeModel, method, syntax, kind, sql, parameters, diagnostics);
        string modifiers = Modifiers(syntax);

        var model = new MethodModel(
            Identifier(method.Name),
            modifiers,
            returnTypeName,
            inner is null ? "void" : inner.ToDisplayString(TypeClassifier.FullyQualified),
            typeModel.FullName + "." + method.Name,
            sql,
            kind,
            wrapper,
            shape,
            element,
            parameters.ToEquatableArray(),
            analysis.Parameters.ToEquatableArray(),
            bindings.ToEquatableArray(),
            poolExpression,
            leaseParameter,
            tokenParameter,
            SortKey(syntax));
        return new MethodResult(typeModel, model, EquatableArray<DiagnosticInfo>.Empty);
    }

    private static MethodResult Fail(TypeModel type, List<DiagnosticInfo> diagnostics) =>
        new(type, null, diagnostics.ToEquatableArray());

    /// <summary>A throwing stub keeps the HOLON error the only one: no "partial method has no implementation" on top.</summary>
    private static MethodResult Stub(TypeModel type, IMethodSymbol method, MethodDeclarationSyntax syntax, SqlKind kind, string sql,
        IEnumerable<ParameterModel> parameters, List<DiagnosticInfo> diagnostics)
    {
        var stub = new MethodModel(Identifier(method.Name), Modifiers(syntax), method.ReturnType.ToDisplayString(TypeClassifier.FullyQualified), "void",
            type.FullName + "." + method.Name, sql, kind, ResultWrapper.None, ResultShape.Void, null, parameters.ToEquatableArray(),
            EquatableArray<string>.Empty, EquatableArray<BindingModel>.Empty, null, null, null, SortKey(syntax), IsStub: true);
        return new MethodResult(type, stub, diagnostics.ToEquatableArray());
    }

    private static string Modifiers(MethodDeclarationSyntax syntax) =>
        string.Join(" ", syntax.Modifiers.Where(m => !m.IsKind(SyntaxKind.PartialKeyword) && !m.IsKind(SyntaxKind.AsyncKeyword)).Select(m => m.Text));

    private static string ParameterPrefix(IParameterSymbol p) => p.IsParams ? "params " : p.RefKind switch
    {
        RefKind.Ref => "ref ",
        RefKind.Out => "out ",
        RefKind.In => "in ",
        _ => "",
    };

    /// <summary>Which Holon attribute this is, or null for any other attribute.</summary>
    private static SqlKind? HolonKind(INamedTypeSymbol? attribute) =>
        attribute is { ContainingNamespace: { Name: "Data", ContainingNamespace: { Name: "Holon", ContainingNamespace.IsGlobalNamespace: true } } }
            ? attribute.Name switch
            {
                "QueryAttribute" => SqlKind.Query,
                "CommandAttribute" => SqlKind.Command,
                "WatchAttribute" => SqlKind.Watch,
                _ => null,
            }
            : null;

    /// <summary>
    /// Orders methods in source order: the file, then the node's path of child indices from the root. Unlike a text
    /// offset, the path survives edits above the method (comments, other bodies), so such edits leave the model equal.
    /// </summary>
    internal static string SortKey(SyntaxNode node)
    {
        var path = new List<string>();
        for (var n = node; n.Parent is { } parent; n = parent)
        {
            int index = 0;
            foreach (var child in parent.ChildNodes())
            {
                if (child == n) break;
                index++;
            }
            path.Add(index.ToString("D5", System.Globalization.CultureInfo.InvariantCulture));
        }
        path.Reverse();
        return node.SyntaxTree.FilePath + "|" + string.Join(".", path);
    }

    /// <summary>Escapes C# keywords used as identifiers.</summary>
    public static string Identifier(string name) =>
        SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None || SyntaxFacts.GetContextualKeywordKind(name) == SyntaxKind.AwaitKeyword ? "@" + name : name;

    private static TypeModel ParseType(INamedTypeSymbol type, MethodDeclarationSyntax method, out TypeDeclarationSyntax? notPartial)
    {
        notPartial = null;
        for (var node = method.Parent as TypeDeclarationSyntax; node is not null; node = node.Parent as TypeDeclarationSyntax)
        {
            if (!node.Modifiers.Any(SyntaxKind.PartialKeyword)) notPartial = node;
        }

        var containers = new List<ContainerModel>();
        for (var t = type; t is not null; t = t.ContainingType)
        {
            string keyword = t.IsRecord
                ? (t.IsValueType ? "record struct" : "record")
                : t.TypeKind switch { TypeKind.Struct => "struct", TypeKind.Interface => "interface", _ => "class" };
            string name = Identifier(t.Name);
            if (t.TypeParameters.Length > 0) name += "<" + string.Join(", ", t.TypeParameters.Select(p => Identifier(p.Name))) + ">";
            containers.Insert(0, new ContainerModel(keyword, name));
        }

        string? ns = type.ContainingNamespace is { IsGlobalNamespace: false } n ? n.ToDisplayString() : null;
        string fullName = type.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat.WithGenericsOptions(SymbolDisplayGenericsOptions.None));
        // Nested types are joined with '+', which no namespace or type name contains, so "A.B+C" (C nested in B) and
        // "A.B.C" (C in namespace A.B) stay apart. The identity keeps the arity (B`1); the file name spells it B_1.
        string nested = string.Join("+", Containing(type).Select(t => t.MetadataName));
        string identity = ns is null ? nested : ns + "." + nested;
        string hint = identity.Replace('`', '_');
        return new TypeModel(ns, containers.ToEquatableArray(), fullName, identity, hint, notPartial is null, BaseHasStatements(type));
    }

    /// <summary>A base type that declares HolonStatements, or will get it generated, is hidden with 'new'.</summary>
    private static bool BaseHasStatements(INamedTypeSymbol type)
    {
        for (var t = type.BaseType; t is not null; t = t.BaseType)
        {
            foreach (var member in t.GetMembers())
            {
                if (member.Name == "HolonStatements") return true;
                if (member is IMethodSymbol && member.GetAttributes().Any(a =>
                        a.AttributeClass?.ContainingNamespace?.ToDisplayString() == "Holon.Data"
                        && a.AttributeClass.Name is "QueryAttribute" or "CommandAttribute" or "WatchAttribute"))
                    return true;
            }
        }
        return false;
    }

    private static IEnumerable<INamedTypeSymbol> Containing(INamedTypeSymbol type)
    {
        var list = new List<INamedTypeSymbol>();
        for (var t = type; t is not null; t = t.ContainingType) list.Insert(0, t);
        return list;
    }

    private static bool IsObjectCandidate(ITypeSymbol type) =>
        type is INamedTypeSymbol { TypeKind: TypeKind.Class or TypeKind.Struct } named
        && named.SpecialType == SpecialType.None
        && !named.AllInterfaces.Any(i => i.SpecialType == SpecialType.System_Collections_IEnumerable);

    private static string? FindPool(INamedTypeSymbol type, IMethodSymbol method, INamedTypeSymbol? poolType, Compilation compilation)
    {
        if (poolType is null) return null;
        var parameterNames = new HashSet<string>(method.Parameters.Select(p => p.Name));
        for (var t = type; t is not null; t = t.BaseType)
        {
            foreach (var member in t.GetMembers())
            {
                if (member.IsImplicitlyDeclared || (method.IsStatic && !member.IsStatic)) continue;
                var memberType = member switch
                {
                    IFieldSymbol f => f.Type,
                    IPropertySymbol { IsIndexer: false, GetMethod: not null } p => p.Type,
                    _ => null,
                };
                if (memberType is null || !SymbolEqualityComparer.Default.Equals(memberType, poolType)) continue;
                if (!compilation.IsSymbolAccessibleWithin(member, type)) continue;
                string name = Identifier(member.Name);
                if (!parameterNames.Contains(member.Name)) return name;
                return member.IsStatic ? type.ToDisplayString(TypeClassifier.FullyQualifiedNoNullable) + "." + name : "this." + name;
            }
        }

        if (method.IsStatic) return null;
        foreach (var ctor in type.InstanceConstructors)
        {
            bool primary = ctor.DeclaringSyntaxReferences.Any(r => r.GetSyntax() is TypeDeclarationSyntax);
            if (!primary) continue;
            foreach (var p in ctor.Parameters)
            {
                if (SymbolEqualityComparer.Default.Equals(p.Type, poolType) && !parameterNames.Contains(p.Name))
                    return Identifier(p.Name);
            }
        }
        return null;
    }

    private static List<ISymbol> ReadableMembers(ITypeSymbol type, INamedTypeSymbol within, Compilation compilation)
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
                    IPropertySymbol { IsIndexer: false, GetMethod: { } get } => compilation.IsSymbolAccessibleWithin(get, within),
                    IFieldSymbol f => compilation.IsSymbolAccessibleWithin(f, within),
                    _ => false,
                };
                if (readable) members.Add(member);
            }
        }
        return members;
    }

    private static ElementModel? ParseElement(ITypeSymbol type, IMethodSymbol method, INamedTypeSymbol within, Compilation compilation,
        List<DiagnosticInfo> diagnostics, LocationInfo? location, string methodName, bool stripNullable)
    {
        string typeName = type.ToDisplayString(TypeClassifier.FullyQualified);
        if (TypeClassifier.Classify(type) is { } scalar)
            return new ElementModel(ElementKind.Scalar, typeName, scalar.TypeName, scalar, EquatableArray<ResultMember>.Empty);

        var target = type;
        if (stripNullable && type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullableValue)
            target = nullableValue.TypeArguments[0];
        target = target.WithNullableAnnotation(NullableAnnotation.NotAnnotated);
        string constructed = target.ToDisplayString(TypeClassifier.FullyQualified);

        void Fail(string reason) =>
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ResultTypeNotConstructible, location, methodName, target.ToDisplayString(), reason));

        if (target.AllInterfaces.Any(i => i.SpecialType == SpecialType.System_Collections_IEnumerable))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedReturnType, location, methodName,
                method.ReturnType.ToDisplayString(), method.GetAttributes().Any(a => a.AttributeClass?.Name == "CommandAttribute") ? "Command" : "Query"));
            return null;
        }

        if (target is INamedTypeSymbol { IsTupleType: true } tuple)
        {
            var members = new List<ResultMember>();
            foreach (var field in tuple.TupleElements)
            {
                if (TypeClassifier.Classify(field.Type) is { } s)
                    members.Add(new ResultMember(field.Name, s, MemberRole.ConstructorArgument));
                else
                    Fail($"tuple element '{field.Name}' has type '{field.Type.ToDisplayString()}', which cannot be read from a column");
            }
            return new ElementModel(ElementKind.Tuple, typeName, constructed, null, members.ToEquatableArray());
        }

        if (target is not INamedTypeSymbol { TypeKind: TypeKind.Class or TypeKind.Struct } named || named.IsAbstract || named.IsStatic
            || named.SpecialType != SpecialType.None)
        {
            Fail("it is not a scalar, a value tuple, or a concrete class, record or struct");
            return null;
        }

        var ctor = named.InstanceConstructors
            .Where(c => compilation.IsSymbolAccessibleWithin(c, within))
            .Where(c => !(c.Parameters.Length == 1 && SymbolEqualityComparer.Default.Equals(c.Parameters[0].Type, named)))
            .OrderByDescending(c => c.Parameters.Length)
            .FirstOrDefault();
        if (ctor is null)
        {
            Fail("it has no accessible constructor");
            return null;
        }

        var result = new List<ResultMember>();
        var taken = new HashSet<string>();
        bool ok = true;
        foreach (var p in ctor.Parameters)
        {
            if (TypeClassifier.Classify(p.Type) is { } s)
            {
                result.Add(new ResultMember(p.Name, s, MemberRole.ConstructorArgument));
                taken.Add(SqlAnalysis.Normalize(p.Name));
            }
            else
            {
                Fail($"constructor parameter '{p.Name}' has type '{p.Type.ToDisplayString()}', which cannot be read from a column");
                ok = false;
            }
        }

        var seen = new HashSet<string>();
        var properties = new List<ResultMember>();
        for (var t = named; t is not null; t = t.BaseType)
        {
            foreach (var member in t.GetMembers())
            {
                if (member is not IPropertySymbol { IsStatic: false, IsIndexer: false, SetMethod: { } set } property) continue;
                if (!seen.Add(property.Name) || taken.Contains(SqlAnalysis.Normalize(property.Name))) continue;
                if (!compilation.IsSymbolAccessibleWithin(set, within)) continue;
                var s = TypeClassifier.Classify(property.Type);
                if (s is null)
                {
                    if (property.IsRequired)
                    {
                        Fail($"required property '{property.Name}' has type '{property.Type.ToDisplayString()}', which cannot be read from a column");
                        ok = false;
                    }
                    continue;
                }
                var role = property.IsRequired || set.IsInitOnly ? MemberRole.Initializer : MemberRole.OptionalSetter;
                properties.Add(new ResultMember(property.Name, s, role));
            }
        }
        // Initializers first, then optional setters: the order the emitted code reads them in.
        result.AddRange(properties.Where(p => p.Role == MemberRole.Initializer));
        result.AddRange(properties.Where(p => p.Role == MemberRole.OptionalSetter));
        if (!ok) return null;
        if (result.Count == 0)
        {
            Fail("it has no constructor parameters or settable properties to fill from columns");
            return null;
        }
        return new ElementModel(ElementKind.Row, typeName, constructed, null, result.ToEquatableArray());
    }
}
