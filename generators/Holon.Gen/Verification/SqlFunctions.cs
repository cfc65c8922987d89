using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Holon.Gen.Diagnostics;
using Holon.Gen.Model;
using Microsoft.CodeAnalysis;
using SQLitePCL;

namespace Holon.Gen.Verification;

/// <summary>One function the application registers at run time, as <c>[assembly: SqlFunction]</c> declares it.</summary>
internal sealed record SqlFunctionSpec(string Name, int Arguments, bool Deterministic)
{
    public override string ToString() => Name + "/" + Arguments + (Deterministic ? "" : "/nondeterministic");
}

/// <summary>
/// The functions a project declares with <c>[assembly: SqlFunction(name, arguments)]</c>, and their stand-ins: each is
/// registered on the verification database before the migrations run, with a body that returns NULL, because
/// statements are only prepared there and never produce rows.
/// </summary>
internal static class SqlFunctions
{
    public const string AttributeName = "Holon.Data.SqlFunctionAttribute";

    /// <summary>The declared functions, ordered (part of the schema's identity), and a HOLON208 for each declaration SQLite cannot take.</summary>
    public static (EquatableArray<SqlFunctionSpec> Functions, EquatableArray<DiagnosticInfo> Invalid) Read(Compilation compilation, CancellationToken cancellationToken)
    {
        var attribute = compilation.GetTypeByMetadataName(AttributeName);
        if (attribute is null) return (EquatableArray<SqlFunctionSpec>.Empty, EquatableArray<DiagnosticInfo>.Empty);
        var functions = new List<SqlFunctionSpec>();
        var invalid = new List<DiagnosticInfo>();
        foreach (var data in compilation.Assembly.GetAttributes())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!SymbolEqualityComparer.Default.Equals(data.AttributeClass, attribute) || data.ConstructorArguments.Length != 2) continue;
            string? name = data.ConstructorArguments[0].Value as string;
            int arguments = data.ConstructorArguments[1].Value is int n ? n : int.MinValue;
            bool deterministic = !data.NamedArguments.Any(a => a.Key == "Deterministic" && a.Value.Value is false);
            string? problem = Problem(name, arguments);
            if (problem is null) functions.Add(new SqlFunctionSpec(name!, arguments, deterministic));
            else invalid.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidSqlFunction,
                LocationInfo.From(data.ApplicationSyntaxReference?.GetSyntax(cancellationToken)), name ?? "null",
                arguments.ToString(System.Globalization.CultureInfo.InvariantCulture), problem));
        }
        var ordered = functions.Distinct().OrderBy(f => f.Name, System.StringComparer.OrdinalIgnoreCase).ThenBy(f => f.Arguments).ToEquatableArray();
        return (ordered, invalid.ToEquatableArray());
    }

    /// <summary>Why SQLite would refuse the declaration (sqlite3_create_function's limits), or null.</summary>
    private static string? Problem(string? name, int arguments)
    {
        if (string.IsNullOrWhiteSpace(name)) return "the name is empty";
        if (System.Text.Encoding.UTF8.GetByteCount(name) > 255) return "the name is longer than 255 bytes";
        if (name!.Any(c => char.IsWhiteSpace(c) || c is '(' or ')' or ',' or '\'' or '"')) return "the name is not an SQL identifier";
        if (arguments is < -1 or > 127) return "the argument count must be 0 to 127, or -1 for any number";
        return null;
    }

    /// <summary>Registers a stand-in for each function on <paramref name="db"/>; returns SQLite's error for the first it refuses, or null.</summary>
    public static string? Register(sqlite3 db, EquatableArray<SqlFunctionSpec> functions)
    {
        foreach (var f in functions)
        {
            int flags = raw.SQLITE_UTF8 | (f.Deterministic ? raw.SQLITE_DETERMINISTIC : 0);
            if (raw.sqlite3_create_function(db, f.Name, f.Arguments, flags, null, StandIn) != raw.SQLITE_OK)
                return f + ": " + raw.sqlite3_errmsg(db).utf8_to_string();
        }
        return null;
    }

    private static void StandIn(sqlite3_context context, object userData, sqlite3_value[] args) => raw.sqlite3_result_null(context);
}
