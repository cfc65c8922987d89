using System;
using System.Collections.Generic;
using System.Linq;
using Holon.Gen.Emitting.Backend;
using Holon.Gen.Model;

namespace Holon.Gen.Emitting;

/// <summary>What a core does with the rows; the List core also serves IReadOnlyList and array methods.</summary>
internal enum CoreShape { Execute, RowsAffected, FirstOrDefault, Single, List, Stream }

/// <summary>One <c>StatementDefinition</c> field, shared by every method that runs the same SQL for the same members.</summary>
internal sealed class DefinitionPlan(string name, MethodModel first)
{
    public string Name { get; } = name;
    public MethodModel First { get; } = first;
    public List<string> Origins { get; } = new();
}

/// <summary>One row reader: a struct resolving a row type's columns once and reading each row.</summary>
internal sealed class ReaderPlan(string name, ElementModel element)
{
    public string Name { get; } = name;
    public ElementModel Element { get; } = element;
}

/// <summary>One core: the body that binds, steps and reads for a (definition, result shape), given the caller's origin.</summary>
internal sealed class CorePlan(string name, CoreShape shape, RentKind? rent, bool async, DefinitionPlan definition, MethodModel sample,
    ReaderPlan? reader)
{
    public string Name { get; } = name;
    public CoreShape Shape { get; } = shape;
    /// <summary>Only streams rent inside the core (they hold the lease while the caller enumerates): what they rent.</summary>
    public RentKind? Rent { get; } = rent;
    public bool OnPool => Rent is not null;
    /// <summary>The core awaits its steps (a backend with network I/O, for a Task, ValueTask or stream method).</summary>
    public bool Async { get; } = async;
    public DefinitionPlan Definition { get; } = definition;
    /// <summary>A method the core serves: its data parameters and bindings are the core's.</summary>
    public MethodModel Sample { get; } = sample;
    public ReaderPlan? Reader { get; } = reader;
    /// <summary>Async continuations for ValueTask methods whose rent did not complete at once, by the method's result type.</summary>
    public List<AfterRentPlan> AfterRents { get; } = new();
}

/// <summary>The slow path of a ValueTask method over a pool: await the rent, then run the core.</summary>
internal sealed record AfterRentPlan(string Name, string ResultType, bool ToArray);

/// <summary>How one method is emitted: its definition, and its core (or watch reader).</summary>
internal sealed record MethodPlan(MethodModel Method, DefinitionPlan? Definition, CorePlan? Core, ReaderPlan? Reader, AfterRentPlan? AfterRent);

/// <summary>What makes two methods share a definition: the same statement for the same members.</summary>
internal sealed record DefinitionKey(SqlKind Kind, string Sql, EquatableArray<string> Parameters, EquatableArray<string> Members,
    EquatableArray<Verification.VerifiedMember> Mapping);

/// <summary>What makes two result elements share a row reader: the type built and its members (roles, types, defaults).</summary>
internal sealed record ReaderKey(ElementKind Kind, string ConstructedTypeName, EquatableArray<ResultMember> Members);

/// <summary>One data parameter of a core, as the core declares it.</summary>
internal sealed record CoreParameter(string TypeName, string Name);

/// <summary>What makes two methods share a core: the definition, the shape, how it runs, its result and its bindings.</summary>
internal sealed record CoreKey(string Definition, CoreShape Shape, RentKind? Rent, bool Async, string Result,
    EquatableArray<CoreParameter> Parameters, EquatableArray<BindingModel> Bindings);

/// <summary>
/// Decides the names and sharing of everything one type's file holds, from the model alone: definitions are named
/// by kind and a counter (Query1, Command1, Watch1), cores by definition and shape, readers by row type.
/// </summary>
internal sealed class EmitPlan(BackendEmitter backend)
{
    public List<DefinitionPlan> Definitions { get; } = new();
    public List<CorePlan> Cores { get; } = new();
    public List<ReaderPlan> Readers { get; } = new();
    public List<MethodPlan> Methods { get; } = new();

    private readonly Dictionary<DefinitionKey, DefinitionPlan> _definitions = new();
    private readonly Dictionary<CoreKey, CorePlan> _cores = new();
    private readonly Dictionary<ReaderKey, ReaderPlan> _readers = new();
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
    private readonly Dictionary<SqlKind, int> _counters = new();

    public static EmitPlan For(ClassModel model, BackendEmitter backend)
    {
        var plan = new EmitPlan(backend);
        foreach (var m in model.Methods) plan.Add(m);
        return plan;
    }

    private void Add(MethodModel m)
    {
        if (m.IsStub)
        {
            Methods.Add(new MethodPlan(m, null, null, null, null));
            return;
        }
        var definition = DefinitionOf(m);
        var reader = m.Element is { Kind: not ElementKind.Scalar } e ? ReaderOf(e) : null;
        if (m.Kind == SqlKind.Watch)
        {
            Methods.Add(new MethodPlan(m, definition, null, reader, null));
            return;
        }
        var core = CoreOf(m, definition, reader);
        // A synchronous core behind a ValueTask method: the rent alone may wait, and only then is there an async step.
        var afterRent = m.Wrapper == ResultWrapper.ValueTask && m.LeaseParameter is null && !core.Async ? AfterRentOf(core, m) : null;
        Methods.Add(new MethodPlan(m, definition, core, reader, afterRent));
    }

    /// <summary>Positional shapes (scalars, unnamed tuples) read by column position, so they name no members.</summary>
    public static IEnumerable<string> ResultMembers(MethodModel m)
        => m.Element is { Kind: ElementKind.Row or ElementKind.NamedTuple } row ? row.Members.Select(x => x.Name) : Enumerable.Empty<string>();

    public static IEnumerable<ParameterModel> DataParameters(MethodModel m)
        => m.Parameters.Where(p => p.Role is ParameterRole.Value or ParameterRole.Object or ParameterRole.Rows);

    /// <summary>What the method's connection comes from when it rents one.</summary>
    public static RentKind RentOf(MethodModel m)
        => m.Kind == SqlKind.Command ? RentKind.Write : m.ReadFromPrimary ? RentKind.ReadFromPrimary : RentKind.Read;

    private DefinitionPlan DefinitionOf(MethodModel m)
    {
        // Watches register their definition with the pool's watch machinery, one per method.
        DefinitionKey? key = m.Kind == SqlKind.Watch ? null
            : new DefinitionKey(m.Kind, m.Sql, m.SqlParameterNames, ResultMembers(m).ToEquatableArray(),
                Verification.StatementMapping.Members(m).ToEquatableArray());
        if (key is null || !_definitions.TryGetValue(key, out var definition))
        {
            _counters.TryGetValue(m.Kind, out int n);
            _counters[m.Kind] = ++n;
            definition = new DefinitionPlan(Unique(m.Kind.ToString() + n), m);
            Definitions.Add(definition);
            if (key is not null) _definitions.Add(key, definition);
        }
        definition.Origins.Add(m.Origin);
        return definition;
    }

    private ReaderPlan ReaderOf(ElementModel e)
    {
        var key = new ReaderKey(e.Kind, e.ConstructedTypeName, e.Members);
        if (_readers.TryGetValue(key, out var reader)) return reader;
        string stem = e.Kind is ElementKind.Tuple or ElementKind.NamedTuple ? "Tuple" : SimpleName(e.ConstructedTypeName);
        reader = new ReaderPlan(Unique(stem + "Reader"), e);
        Readers.Add(reader);
        _readers.Add(key, reader);
        return reader;
    }

    private CorePlan CoreOf(MethodModel m, DefinitionPlan definition, ReaderPlan? reader)
    {
        var shape = m.Shape switch
        {
            ResultShape.Void => CoreShape.Execute,
            ResultShape.RowsAffected => CoreShape.RowsAffected,
            ResultShape.FirstOrDefault => CoreShape.FirstOrDefault,
            ResultShape.Single => CoreShape.Single,
            ResultShape.Stream => CoreShape.Stream,
            _ => CoreShape.List,
        };
        // Command streams run on a lease that the adapter's StreamOnWriter rents on the enumerating flow, where the
        // backend has that rule; every other stream over a pool rents in its core.
        bool commandOnWriter = m.Kind == SqlKind.Command && backend.StreamsCommandsOnWriter;
        RentKind? rent = shape == CoreShape.Stream && m.LeaseParameter is null && !commandOnWriter ? RentOf(m) : null;
        // An IAsyncEnumerable of rows is awaited element by element, so its bulk core is async on every backend.
        bool async = (backend.AsyncIo || m.Bulk is { IsAsync: true }) && m.Wrapper != ResultWrapper.None;
        string result = shape is CoreShape.FirstOrDefault or CoreShape.Single ? m.InnerTypeName : m.Element?.TypeName ?? "";
        var key = new CoreKey(definition.Name, shape, rent, async, result,
            DataParameters(m).Select(p => new CoreParameter(p.TypeName, p.Name)).ToEquatableArray(), m.Bindings);
        if (_cores.TryGetValue(key, out var core)) return core;
        string stem = definition.Name + "_" + (m.Bulk is not null ? "Bulk" : "") + (shape == CoreShape.Stream && rent is null ? "StreamOnLease" : shape.ToString())
            + (async && shape != CoreShape.Stream ? "Async" : "");
        core = new CorePlan(Unique(stem), shape, rent, async, definition, m, reader);
        Cores.Add(core);
        _cores.Add(key, core);
        return core;
    }

    private AfterRentPlan AfterRentOf(CorePlan core, MethodModel m)
    {
        bool toArray = m.Shape == ResultShape.Array;
        foreach (var existing in core.AfterRents)
        {
            if (existing.ResultType == m.InnerTypeName && existing.ToArray == toArray) return existing;
        }
        var afterRent = new AfterRentPlan(Unique(core.Name + "_AfterRent"), m.InnerTypeName, toArray);
        core.AfterRents.Add(afterRent);
        return afterRent;
    }

    private string Unique(string stem)
    {
        string name = stem;
        for (int n = 2; !_names.Add(name); n++) name = stem + "_" + n;
        return name;
    }

    /// <summary>The type's own name: <c>global::App.Pair&lt;int&gt;</c> gives <c>Pair</c>.</summary>
    private static string SimpleName(string typeName)
    {
        int generic = typeName.IndexOf('<');
        string plain = generic < 0 ? typeName : typeName.Substring(0, generic);
        int dot = Math.Max(plain.LastIndexOf('.'), plain.LastIndexOf(':'));
        string name = plain.Substring(dot + 1).TrimStart('@');
        return name.Length == 0 ? "Row" : name;
    }
}
