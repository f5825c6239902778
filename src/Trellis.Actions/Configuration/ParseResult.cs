using System.Collections.Immutable;
using Trellis.Actions.Diagnostics;

namespace Trellis.Actions.Configuration;

/// <summary>What the parser found: the valid actions and every diagnostic, sorted by position.</summary>
/// <param name="Actions">The actions; empty whenever <see cref="HasErrors"/> is true.</param>
/// <param name="Diagnostics">Every error and warning, sorted by line and column.</param>
public sealed record ParseResult(ImmutableArray<ActionDefinition> Actions, ImmutableArray<Diagnostic> Diagnostics)
{
    /// <summary>Gets a value indicating whether any diagnostic is an error, so the document must be rejected.</summary>
    public bool HasErrors => Diagnostics.Any(d => d.IsError);
}
