using System.Collections.Immutable;
using System.Runtime.InteropServices;
using Trellis.Actions.Diagnostics;

namespace Trellis.Actions.Configuration;

/// <summary>
/// Collects the diagnostics of one document by byte offset, then sorts them by position (ties keep the order
/// they were found in) and locates them all in one sweep.
/// </summary>
internal sealed class DiagnosticBag
{
    private readonly List<Pending> _items = [];

    /// <summary>Gets a value indicating whether an error was reported.</summary>
    public bool HasErrors { get; private set; }

    /// <summary>Gets the number of diagnostics so far.</summary>
    public int Count => _items.Count;

    /// <summary>Reports an error.</summary>
    /// <param name="code">The code from <see cref="DiagnosticCodes"/>.</param>
    /// <param name="message">A sentence for a person.</param>
    /// <param name="pointer">The RFC 6901 pointer.</param>
    /// <param name="offset">The byte offset of the located token.</param>
    public void Error(string code, string message, string pointer, int offset)
    {
        HasErrors = true;
        _items.Add(new Pending(DiagnosticSeverity.Error, code, message, pointer, offset, _items.Count));
    }

    /// <summary>Reports a warning.</summary>
    /// <param name="code">The code from <see cref="DiagnosticCodes"/>.</param>
    /// <param name="message">A sentence for a person.</param>
    /// <param name="pointer">The RFC 6901 pointer.</param>
    /// <param name="offset">The byte offset of the located token.</param>
    public void Warning(string code, string message, string pointer, int offset) =>
        _items.Add(new Pending(DiagnosticSeverity.Warning, code, message, pointer, offset, _items.Count));

    /// <summary>Sorts the diagnostics by position and gives each its line and column.</summary>
    /// <param name="json">The document without its BOM.</param>
    /// <returns>The diagnostics, sorted.</returns>
    public ImmutableArray<Diagnostic> ToSortedDiagnostics(ReadOnlySpan<byte> json)
    {
        if (_items.Count == 0)
        {
            return [];
        }

        var items = CollectionsMarshal.AsSpan(_items);
        items.Sort(static (a, b) => a.Offset != b.Offset ? a.Offset.CompareTo(b.Offset) : a.Sequence.CompareTo(b.Sequence));
        var lines = new LineIndex(json);
        var result = ImmutableArray.CreateBuilder<Diagnostic>(items.Length);
        foreach (ref readonly var item in items)
        {
            var (line, column) = lines.MoveTo(item.Offset);
            result.Add(new Diagnostic(item.Severity, item.Code, item.Message, item.Pointer, line, column));
        }

        return result.MoveToImmutable();
    }

    private readonly record struct Pending(
        DiagnosticSeverity Severity, string Code, string Message, string Pointer, int Offset, int Sequence);
}
