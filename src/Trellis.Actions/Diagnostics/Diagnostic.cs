namespace Trellis.Actions.Diagnostics;

/// <summary>How serious a <see cref="Diagnostic"/> is.</summary>
public enum DiagnosticSeverity
{
    /// <summary>The document is rejected and nothing is stored.</summary>
    Error,

    /// <summary>The document is accepted; the author should look at it.</summary>
    Warning,
}

/// <summary>
/// One finding about an external-action configuration, located exactly.
/// </summary>
/// <param name="Severity">Error rejects the whole document; warning does not.</param>
/// <param name="Code">A stable code from <see cref="DiagnosticCodes"/>; messages may change, codes never do.</param>
/// <param name="Message">A sentence for a person.</param>
/// <param name="Pointer">RFC 6901 JSON pointer to the value (or enclosing object, or unknown property).</param>
/// <param name="Line">1-based line of the located token.</param>
/// <param name="Column">1-based column (UTF-16 code units) of the located token.</param>
public sealed record Diagnostic(
    DiagnosticSeverity Severity,
    string Code,
    string Message,
    string Pointer,
    int Line,
    int Column)
{
    /// <summary>Gets a value indicating whether this diagnostic rejects the document.</summary>
    public bool IsError => Severity == DiagnosticSeverity.Error;

    /// <summary>The lower-case severity word used on the wire and in the CLI.</summary>
    public string SeverityName => Severity == DiagnosticSeverity.Error ? "error" : "warning";
}
