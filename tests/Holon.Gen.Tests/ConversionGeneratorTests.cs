using Holon.Gen.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Holon.Gen.Tests;

/// <summary>
/// Types of the user's at compile time: wrappers and converted values bind and read without HOLON004/005/006/008, the
/// nearest [SqlConverter] wins, a type that cannot be bound is one HOLON006 (or HOLON008 for a member) pointing to
/// [SqlConverter], and HOLON040–042 check the attribute itself.
/// </summary>
public sealed class ConversionGeneratorTests
{
    private const string Header = """
        using System;
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using Holon.Data;
        //assembly
        namespace App;
        public readonly record struct BlockId(string Value);
        public sealed record OwnerId(long Value);
        public sealed class Upper : ISqlConverter<BlockId, string>
        {
            public static string ToStore(BlockId value) => value.Value.ToUpperInvariant();
            public static BlockId FromStore(string value) => new(value);
        }

        """;

    private static string WithAssembly(string attribute) => Header.Replace("//assembly", attribute);

    private static string Generated(GeneratorHarness.Run run) =>
        string.Join("\n", GeneratorHarness.StoreSources(run.Result).Select(s => s.SourceText.ToString()));

    [Fact]
    public void Wrappers_as_parameters_members_and_results_get_no_diagnostic_and_compile()
    {
        var run = GeneratorHarness.Generate(Header + """
            public sealed record Block(BlockId Id, BlockId? ParentId, OwnerId? Owner);
            public partial class Store(SqlitePool pool)
            {
                [Query("SELECT id, parent_id AS ParentId, owner FROM blocks WHERE id = @id")]
                public partial Block? Get(BlockId id);

                [Query("SELECT id FROM blocks WHERE owner = @owner")]
                public partial Task<List<BlockId>> Ids(OwnerId? owner);

                [Query("SELECT parent_id FROM blocks WHERE id = @id")]
                public partial BlockId? Parent(BlockId id);

                [Query("SELECT id, owner FROM blocks")]
                public partial List<(BlockId, OwnerId?)> Pairs();
            }
            """);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(GeneratorHarness.CompileProblems(run.Output));
        string code = Generated(run);
        // Direct: the wrapped member when binding (a wrapper of null refused), the constructor when reading (what it
        // throws named with the column); no interface, no boxing.
        Assert.Contains("__s.BindText(0, __App_BlockId.Store(id, \"id\", \"@id\", __s));", code);
        Assert.Contains("static __v => new global::App.BlockId(__v),", code);
        Assert.Contains("__App_BlockId.Load(s.GetRequiredString(_o0, \"Id\"), s, _o0)", code);
        Assert.Contains("if (owner is { } __v0) __s.BindInt64(0, __v0.Value);", code);
    }

    [Fact]
    public void A_single_value_record_whose_member_the_sql_names_stays_an_object_parameter()
    {
        var run = GeneratorHarness.Generate(Header + """
            public sealed record Rename(string Title);
            public partial class Store(SqlitePool pool)
            {
                [Command("UPDATE blocks SET title = @Title")]
                public partial int Retitle(Rename rename);
            }
            """);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Contains("__s.BindText(0, rename.Title);", Generated(run));
    }

    [Fact]
    public void A_one_member_row_not_named_Value_is_read_by_column_name()
    {
        var run = GeneratorHarness.Generate(Header + """
            public sealed record Parent(long ParentId);
            public partial class Store(SqlitePool pool)
            {
                [Query("SELECT parent_id FROM blocks")]
                public partial List<Parent> Parents();
            }
            """);
        Assert.Empty(run.GeneratorDiagnostics);
        string code = Generated(run);
        Assert.Contains("RequiredOrdinal(0)", code);
        Assert.Contains("new global::App.Parent(s.GetRequiredInt64(_o0, \"ParentId\"))", code);
    }

    [Fact]
    public void A_type_with_another_settable_member_is_no_wrapper()
    {
        var run = GeneratorHarness.Generate(Header + """
            public sealed class Named
            {
                public Named(string name) => Name = name;
                public string Name { get; }
                public int Extra { get; set; }
            }
            public partial class Store(SqlitePool pool)
            {
                [Query("SELECT count(*) FROM blocks WHERE name = @named")]
                public partial long Count(Named named);
            }
            """);
        var d = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("HOLON006", d.Id);
        Assert.Contains("'App.Named'", d.GetMessage());
    }

    [Fact]
    public void The_nearest_converter_wins_use_then_type_then_assembly()
    {
        var run = GeneratorHarness.Generate(WithAssembly("[assembly: SqlConverter(typeof(App.AssemblyTicks))]") + """
            public sealed class AssemblyTicks : ISqlConverter<DateTimeOffset, long>
            {
                public static long ToStore(DateTimeOffset value) => value.UtcTicks;
                public static DateTimeOffset FromStore(long value) => new(value, TimeSpan.Zero);
            }
            [SqlConverter(typeof(AsText))]
            public readonly record struct Tag(int Value);
            public sealed class AsText : ISqlConverter<Tag, string>
            {
                public static string ToStore(Tag value) => value.Value.ToString();
                public static Tag FromStore(string value) => new(int.Parse(value));
            }
            public sealed class TagAsLong : ISqlConverter<Tag, long>
            {
                public static long ToStore(Tag value) => value.Value;
                public static Tag FromStore(long value) => new((int)value);
            }
            public partial class Store(SqlitePool pool)
            {
                [Query("SELECT count(*) FROM blocks WHERE at = @at AND tag = @tag AND other = @other AND id = @id")]
                public partial long Count(DateTimeOffset at, Tag tag, [SqlConverter(typeof(TagAsLong))] Tag other, [SqlConverter(typeof(Upper))] BlockId id);
            }
            """);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(GeneratorHarness.CompileProblems(run.Output));
        string code = Generated(run);
        Assert.Contains("__s.BindInt64(0, __App_AssemblyTicks.Store(at, ", code);
        Assert.Contains("__s.BindText(1, __App_AsText.Store(tag, ", code);
        Assert.Contains("__s.BindInt64(2, __App_TagAsLong.Store(other, ", code);
        Assert.Contains("__s.BindText(3, __App_Upper.Store(id, ", code);
    }

    [Fact]
    public void A_member_that_cannot_be_read_is_HOLON008_pointing_to_the_converter()
    {
        var run = GeneratorHarness.Generate(Header + """
            public readonly record struct Span2(long From, long To);
            public sealed record Row(long Id, Span2 Span);
            public partial class Store(SqlitePool pool)
            {
                [Query("SELECT id, span FROM blocks")]
                public partial List<Row> All();
            }
            """);
        var d = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("HOLON008", d.Id);
        Assert.Contains("'App.Span2'", d.GetMessage());
        Assert.Contains("[SqlConverter(typeof(...))]", d.GetMessage());
    }

    private static async Task<List<Diagnostic>> Analyze(string source)
    {
        var compilation = GeneratorHarness.Compile(source);
        var diagnostics = await compilation.WithAnalyzers([new SqlConverterAnalyzer()])
            .GetAnalyzerDiagnosticsAsync(TestContext.Current.CancellationToken);
        return diagnostics.ToList();
    }

    [Fact]
    public async Task HOLON040_a_converter_for_another_model_type_is_an_error_at_the_attribute()
    {
        var d = Assert.Single(await Analyze(Header + """
            public sealed record Row(long Id, [SqlConverter(typeof(Upper))] string Name);
            public sealed record Other([property: SqlConverter(typeof(Upper))] BlockId? Id);
            """));
        Assert.Equal("HOLON040", d.Id);
        Assert.Contains("'App.Upper' converts 'App.BlockId', but it is applied to 'string'", d.GetMessage());
        Assert.Equal("SqlConverter(typeof(Upper))", d.Location.SourceTree!.GetText(TestContext.Current.CancellationToken).ToString(d.Location.SourceSpan));
        Assert.EndsWith("HOLON040.md", d.Descriptor.HelpLinkUri);
    }

    [Fact]
    public async Task HOLON040_on_a_type_and_never_on_the_assembly()
    {
        var diagnostics = await Analyze(WithAssembly("[assembly: SqlConverter(typeof(App.Upper))]") + """
            [SqlConverter(typeof(Upper))]
            public readonly record struct Wrong(int Value);
            """);
        var d = Assert.Single(diagnostics);
        Assert.Equal("HOLON040", d.Id);
        Assert.Contains("applied to 'App.Wrong'", d.GetMessage());
    }

    [Fact]
    public async Task HOLON041_a_type_that_is_no_converter()
    {
        var d = Assert.Single(await Analyze(Header + """
            public static class NotOne { }
            public sealed record Row(long Id, [SqlConverter(typeof(NotOne))] BlockId Name);
            """));
        Assert.Equal("HOLON041", d.Id);
        Assert.Contains("'App.NotOne'", d.GetMessage());
        Assert.EndsWith("HOLON041.md", d.Descriptor.HelpLinkUri);
    }

    [Fact]
    public async Task HOLON042_a_store_type_that_cannot_be_bound()
    {
        var d = Assert.Single(await Analyze(Header + """
            public sealed class Nested : ISqlConverter<OwnerId, BlockId>
            {
                public static BlockId ToStore(OwnerId value) => new(value.Value.ToString());
                public static OwnerId FromStore(BlockId value) => new(long.Parse(value.Value));
            }
            public sealed record Row(long Id, [SqlConverter(typeof(Nested))] OwnerId Owner);
            """));
        Assert.Equal("HOLON042", d.Id);
        Assert.Contains("stores 'App.BlockId'", d.GetMessage());
        Assert.EndsWith("HOLON042.md", d.Descriptor.HelpLinkUri);
    }
}
