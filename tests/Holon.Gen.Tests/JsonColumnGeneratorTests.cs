using Microsoft.CodeAnalysis;

namespace Holon.Gen.Tests;

/// <summary>
/// JSON columns ([SqlJson]): the generated code for both backends, and the compile errors for a context that is none
/// (HOLON045) or that does not serialize the stored type (HOLON046).
/// </summary>
public sealed class JsonColumnGeneratorTests
{
    private const string Header = """
        using System;
        using System.Collections.Generic;
        using System.Text.Json;
        using System.Text.Json.Serialization;
        using System.Text.Json.Serialization.Metadata;
        using System.Threading;
        using System.Threading.Tasks;
        using Holon.Data;
        using Npgsql;
        namespace App;

        """;

    // The System.Text.Json generator does not run in this harness, so the context's Default is written by hand here.
    private const string Context = """
        [JsonSerializable(typeof(Profile))]
        [JsonSerializable(typeof(Point))]
        public sealed partial class AppJson : JsonSerializerContext
        {
            public AppJson() : base(null) { }
            public static AppJson Default { get; } = new();
            protected override JsonSerializerOptions? GeneratedSerializerOptions => null;
            public override JsonTypeInfo? GetTypeInfo(Type type) => null;
        }

        public sealed record Address(string City, string[] Lines);

        public sealed record Profile(string Name, Address Address, List<string> Tags);

        [SqlJson(typeof(AppJson))]
        public readonly record struct Point(int X, int Y);

        public sealed record User(long Id, [SqlJson(typeof(AppJson))] Profile Profile, [SqlJson(typeof(AppJson))] Profile? Previous,
            Point Home, Point? Work);

        """;

    private const string Store = """
        public sealed partial class Users(SOURCE db)
        {
            [Query("SELECT id, profile, previous, home, work FROM users WHERE id = @id")]
            public partial Task<User?> GetAsync(long id, CancellationToken ct = default);

            [Command("INSERT INTO users (id, profile, previous, home, work) VALUES (@Id, @Profile, @Previous, @Home, @Work)")]
            public partial Task<int> InsertAsync(User user, CancellationToken ct = default);

            [Command("UPDATE users SET profile = @profile WHERE id = @id")]
            public partial Task<int> SetProfileAsync(long id, [SqlJson(typeof(AppJson))] Profile profile, CancellationToken ct = default);

            [Command("UPDATE users SET previous = @previous, work = @work WHERE id = @id")]
            public partial Task<int> SetPreviousAsync(long id, [SqlJson(typeof(AppJson))] Profile? previous, Point? work,
                CancellationToken ct = default);

            [Query("SELECT home FROM users ORDER BY id")]
            public partial Task<List<Point>> HomesAsync(CancellationToken ct = default);

            [Query("SELECT work FROM users WHERE id = @id")]
            public partial Task<Point?> WorkAsync(long id, CancellationToken ct = default);
        }
        """;

    private static void Snapshot(string name, string source)
    {
        var run = GeneratorHarness.Generate(Header + Context + Store.Replace("SOURCE", source));
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(GeneratorHarness.CompileProblems(run.Output));
        var generated = GeneratorHarness.StoreSources(run.Result);
        Assert.All(generated.Single().SourceText.Lines, line => Assert.True(line.Span.Length < 140, line.ToString()));
        Tests.Snapshot.Verify(name, generated.OrderBy(g => g.HintName, StringComparer.Ordinal).Select(g => (g.HintName, g.SourceText.ToString())));
        string code = generated.Single().SourceText.ToString();
        // Type information is looked up once per stored type, by type, and every (de)serialization passes it:
        // no JsonSerializer overload without a JsonTypeInfo, so trimming and Native AOT stay safe.
        Assert.Contains("global::Holon.Data.Generated.JsonColumns.TypeInfo<global::App.Profile>(", code);
        Assert.Contains("global::Holon.Data.Generated.JsonColumns.TypeInfo<global::App.Point>(", code);
        Assert.Contains("global::App.AppJson.Default);", code);
        Assert.DoesNotContain("JsonSerializer.", code);
        Assert.DoesNotContain("typeof(", code);
    }

    [Fact]
    public void JsonColumnsOnSqlite() => Snapshot(nameof(JsonColumnsOnSqlite), "SqlitePool");

    [Fact]
    public void JsonColumnsOnPostgres() => Snapshot(nameof(JsonColumnsOnPostgres), "NpgsqlDataSource");

    private static Diagnostic Single(string source, string id)
    {
        var run = GeneratorHarness.Generate(Header + source);
        var found = run.GeneratorDiagnostics.Where(d => d.Id == id).ToList();
        Assert.True(found.Count == 1, string.Join("\n", run.GeneratorDiagnostics));
        Assert.Equal(DiagnosticSeverity.Error, found[0].Severity);
        // At the attribute, whatever the number of methods using it.
        Assert.StartsWith("SqlJson(", found[0].Location.SourceTree!.GetText().ToString(found[0].Location.SourceSpan));
        return found[0];
    }

    [Fact]
    public void HOLON046_a_context_lacking_the_type_names_both()
    {
        var d = Single("""
            [JsonSerializable(typeof(Address))]
            public sealed partial class AppJson : JsonSerializerContext
            {
                public AppJson() : base(null) { }
                protected override JsonSerializerOptions? GeneratedSerializerOptions => null;
                public override JsonTypeInfo? GetTypeInfo(Type type) => null;
            }

            public sealed record Address(string City);
            public sealed record Profile(string Name);
            public sealed record User(long Id, [SqlJson(typeof(AppJson))] Profile Profile);

            public sealed partial class Users(SqlitePool pool)
            {
                [Query("SELECT id, profile FROM users")]
                public partial List<User> All();

                [Query("SELECT id, profile FROM users WHERE id = @id")]
                public partial User? Get(long id);
            }
            """, "HOLON046");
        string message = d.GetMessage();
        Assert.Contains("'App.AppJson'", message);
        Assert.Contains("'App.Profile'", message);
    }

    [Theory]
    // A type its roots reach through a property, a collection, a dictionary value or [JsonDerivedType] is serialized.
    [InlineData("[JsonSerializable(typeof(Profile))]", "Address")]
    [InlineData("[JsonSerializable(typeof(List<Address>))]", "Address")]
    [InlineData("[JsonSerializable(typeof(Dictionary<string, Profile>))]", "Address")]
    [InlineData("[JsonSerializable(typeof(Shape))]", "Circle")]
    [InlineData("[JsonSerializable(typeof(Address[]))]", "Address")]
    public void A_type_reached_from_a_root_is_in_the_context(string root, string stored)
    {
        var run = GeneratorHarness.Generate(Header + ReachSource(root, stored));
        Assert.Empty(run.GeneratorDiagnostics);
    }

    [Theory]
    // A base or a derived type is another type: its metadata is not the stored type's.
    [InlineData("[JsonSerializable(typeof(Shape))]", "Square")]
    [InlineData("[JsonSerializable(typeof(Circle))]", "Shape")]
    [InlineData("[JsonSerializable(typeof(Address))]", "List<Address>")]
    public void A_base_a_derived_type_or_a_collection_is_another_type(string root, string stored)
    {
        var run = GeneratorHarness.Generate(Header + ReachSource(root, stored));
        Assert.Contains(run.GeneratorDiagnostics, d => d.Id == "HOLON046");
    }

    private static string ReachSource(string root, string stored) => $$"""
        {{root}}
        public sealed partial class AppJson : JsonSerializerContext
        {
            public AppJson() : base(null) { }
            public static AppJson Default { get; } = new();
            protected override JsonSerializerOptions? GeneratedSerializerOptions => null;
            public override JsonTypeInfo? GetTypeInfo(Type type) => null;
        }

        public sealed record Address(string City);
        public sealed record Profile(string Name, Address Home);
        [JsonDerivedType(typeof(Circle), "circle")]
        public class Shape { }
        public sealed class Circle : Shape { public double Radius { get; set; } }
        public class Square : Shape { }

        public sealed partial class Store(SqlitePool pool)
        {
            [Command("UPDATE t SET v = @v")]
            public partial int Set([SqlJson(typeof(AppJson))] {{stored}} v);
        }
        """;

    [Theory]
    [InlineData("string")]
    [InlineData("NotAContext")]
    public void HOLON045_the_attribute_names_no_JsonSerializerContext(string context)
    {
        var d = Single($$"""
            public sealed class NotAContext { }
            public sealed record Profile(string Name);

            public sealed partial class Store(SqlitePool pool)
            {
                [Command("UPDATE t SET v = @v")]
                public partial int Set([SqlJson(typeof({{context}}))] Profile v);
            }
            """, "HOLON045");
        Assert.Contains("'App.Profile'", d.GetMessage());
    }

    [Fact]
    public void The_setting_on_the_use_wins_over_the_one_on_the_type()
    {
        var run = GeneratorHarness.Generate(Header + """
            [JsonSerializable(typeof(Point))]
            public sealed partial class TypeJson : JsonSerializerContext
            {
                public TypeJson() : base(null) { }
                public static TypeJson Default { get; } = new();
                protected override JsonSerializerOptions? GeneratedSerializerOptions => null;
                public override JsonTypeInfo? GetTypeInfo(Type type) => null;
            }

            [JsonSerializable(typeof(Point))]
            public sealed partial class UseJson : JsonSerializerContext
            {
                public UseJson() : base(null) { }
                public static UseJson Default { get; } = new();
                protected override JsonSerializerOptions? GeneratedSerializerOptions => null;
                public override JsonTypeInfo? GetTypeInfo(Type type) => null;
            }

            [SqlJson(typeof(TypeJson))]
            public readonly record struct Point(int X, int Y);

            public sealed partial class Store(SqlitePool pool)
            {
                [Command("UPDATE t SET v = @v")]
                public partial int Set([SqlJson(typeof(UseJson))] Point v);
            }
            """);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(GeneratorHarness.CompileProblems(run.Output));
        string code = GeneratorHarness.StoreSources(run.Result).Single().SourceText.ToString();
        Assert.Contains("global::App.UseJson.Default", code);
        Assert.DoesNotContain("TypeJson", code);
    }
    [Fact]
    public void SqlJson_on_the_type_wins_over_an_assembly_converter_and_a_converter_on_the_use_wins_over_both()
    {
        var run = GeneratorHarness.Generate(Header.Replace("namespace App;", "[assembly: SqlConverter(typeof(App.PointAsText))]\nnamespace App;") + """
            [JsonSerializable(typeof(Point))]
            public sealed partial class TypeJson : JsonSerializerContext
            {
                public TypeJson() : base(null) { }
                public static TypeJson Default { get; } = new();
                protected override JsonSerializerOptions? GeneratedSerializerOptions => null;
                public override JsonTypeInfo? GetTypeInfo(Type type) => null;
            }

            public sealed class PointAsText : ISqlConverter<Point, string>
            {
                public static string ToStore(Point value) => value.X + "," + value.Y;
                public static Point FromStore(string value) => new(int.Parse(value.Split(',')[0]), int.Parse(value.Split(',')[1]));
            }

            public sealed class PointAsNumber : ISqlConverter<Point, long>
            {
                public static long ToStore(Point value) => ((long)value.X << 32) | (uint)value.Y;
                public static Point FromStore(long value) => new((int)(value >> 32), (int)value);
            }

            [SqlJson(typeof(TypeJson))]
            public readonly record struct Point(int X, int Y);

            public sealed partial class Store(SqlitePool pool)
            {
                [Command("UPDATE t SET v = @v")]
                public partial int Set(Point v);

                [Command("UPDATE t SET w = @w")]
                public partial int SetOnUse([SqlConverter(typeof(PointAsNumber))] Point w);
            }
            """);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(GeneratorHarness.CompileProblems(run.Output));
        string code = GeneratorHarness.StoreSources(run.Result).Single().SourceText.ToString();
        Assert.Contains("global::App.TypeJson.Default", code);
        Assert.Contains("__App_PointAsNumber.Store(w, ", code);
        Assert.DoesNotContain("PointAsText", code);
    }
}
