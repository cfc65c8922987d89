using System.Runtime.CompilerServices;
using Holon.Data.Generated;
using Npgsql;

namespace Holon.Data.Npgsql;

/// <summary>
/// The columns a definition's result had last time, and the members' ordinals in them: resolved once and reused while
/// the result keeps the same column names (a changed schema or <c>SELECT *</c> gets a fresh entry), so a call
/// allocates no column list. The counterpart of SQLite's per-prepare resolution.
/// </summary>
internal static class ResultShapeCache
{
    private static readonly ConditionalWeakTable<StatementDefinition, Shape> Shapes = new();

    /// <summary>One result's column names, and the ordinals of the definition's members once resolved.</summary>
    internal sealed class Shape(string[] columns, int[]? ordinals)
    {
        public string[] Columns { get; } = columns;
        public int[]? Ordinals { get; } = ordinals;
    }

    /// <summary>The shape of <paramref name="reader"/>'s result: the cached one when the column names are the same.</summary>
    public static Shape Of(StatementDefinition definition, NpgsqlDataReader reader)
    {
        if (Shapes.TryGetValue(definition, out var cached) && Same(cached.Columns, reader)) return cached;
        var columns = new string[reader.FieldCount];
        for (int i = 0; i < columns.Length; i++) columns[i] = reader.GetName(i);
        var shape = new Shape(columns, null);
        Shapes.AddOrUpdate(definition, shape);
        return shape;
    }

    /// <summary>The ordinals for <paramref name="shape"/>, resolving (and caching) them the first time.</summary>
    public static int[] Ordinals(StatementDefinition definition, Shape shape, string origin)
    {
        if (shape.Ordinals is { } known) return known;
        var ordinals = ResultColumns.Resolve(shape.Columns, definition.ResultMembers, origin, definition.Sql);
        Shapes.AddOrUpdate(definition, new Shape(shape.Columns, ordinals));
        return ordinals;
    }

    private static bool Same(string[] columns, NpgsqlDataReader reader)
    {
        if (columns.Length != reader.FieldCount) return false;
        for (int i = 0; i < columns.Length; i++)
        {
            if (!string.Equals(columns[i], reader.GetName(i), StringComparison.Ordinal)) return false;
        }
        return true;
    }
}
