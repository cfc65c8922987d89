using Holon.Gen.Emitting;

namespace Holon.Gen.Tests;

/// <summary>How the writer keeps long signatures and generic calls under <see cref="IndentedWriter.MaxLine"/>.</summary>
public sealed class IndentedWriterTests
{
    private const string ListOfPairs = "global::System.Collections.Generic.IReadOnlyList<(string Id, long SortKey, string Content)>";

    [Fact]
    public void A_long_return_type_breaks_after_its_first_angle_bracket_and_the_name_starts_its_own_line()
    {
        var w = new IndentedWriter().Indent().Indent();
        w.List("public partial global::System.Collections.Generic.IAsyncEnumerable<" + ListOfPairs + "> Stream", ["string id"], "");

        Assert.Equal(
            """
                    public partial global::System.Collections.Generic.IAsyncEnumerable<
                        global::System.Collections.Generic.IReadOnlyList<(string Id, long SortKey, string Content)>>
                        Stream(string id)

            """.Replace("\r", ""),
            w.ToString());
    }

    [Fact]
    public void A_long_generic_call_puts_one_type_argument_on_a_line_then_packs_the_arguments()
    {
        var w = new IndentedWriter().Indent().Indent().Indent();
        w.List("return pool.Watch<global::App.Block, " + ListOfPairs + ">", ["__Holon.Watch5", "block", "ct"], ";");

        string[] lines = w.ToString().TrimEnd('\n').Split('\n');
        Assert.Equal(
            [
                "            return pool.Watch<",
                "                global::App.Block,",
                "                " + ListOfPairs + ">(",
                "                __Holon.Watch5, block, ct);",
            ],
            lines);
        Assert.All(lines, line => Assert.True(line.Length <= IndentedWriter.MaxLine, line));
    }

    [Fact]
    public void A_call_that_fits_stays_on_one_line()
    {
        var w = new IndentedWriter();
        w.List("return Core", ["a", "b"], ";");
        Assert.Equal("return Core(a, b);\n", w.ToString());
    }
}
