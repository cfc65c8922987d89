using Holon.Gen.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Holon.Gen.Model;

/// <summary>Where a diagnostic points, kept as plain values so the model stays equatable and holds no syntax tree.</summary>
internal sealed record LocationInfo(string FilePath, TextSpan Span, LinePositionSpan LineSpan)
{
    public Location ToLocation() => Location.Create(FilePath, Span, LineSpan);

    public static LocationInfo? From(Location? location) =>
        location is null || location.SourceTree is null
            ? null
            : new LocationInfo(location.SourceTree.FilePath, location.SourceSpan, location.GetLineSpan().Span);

    public static LocationInfo? From(SyntaxNode? node) => node is null ? null : From(node.GetLocation());

    public static LocationInfo? From(SyntaxToken token) => From(token.GetLocation());
}

/// <summary>
/// A diagnostic to report: its descriptor (compared by value, so the model stays equatable), location and message
/// arguments. Descriptors are declared once, in <see cref="DiagnosticDescriptors"/>.
/// </summary>
internal sealed record DiagnosticInfo(DiagnosticDescriptor Descriptor, LocationInfo? Location, EquatableArray<string> Arguments)
{
    public string Id => Descriptor.Id;

    public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, LocationInfo? location, params string[] arguments) =>
        new(descriptor, location, new EquatableArray<string>(arguments));

    /// <summary>The diagnostic at <paramref name="location"/>: the tree location <see cref="DiagnosticOutput"/> found for it.</summary>
    public Diagnostic ToDiagnostic(Location location)
    {
        var args = new object[Arguments.Count];
        for (int i = 0; i < args.Length; i++) args[i] = Arguments[i];
        return Diagnostic.Create(Descriptor, location, args);
    }
}
