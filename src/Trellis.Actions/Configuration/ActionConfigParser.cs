using Trellis.Actions.Policy;

namespace Trellis.Actions.Configuration;

/// <summary>
/// Parses and validates external-action configurations (SPEC.md §2). The one validator behind the editor,
/// <c>PUT</c>, bundle upload and <c>trellis validate</c>. Never throws on input; reports every problem it can.
/// </summary>
public static partial class ActionConfigParser
{
    /// <summary>Parses a UTF-8 document (a BOM is allowed).</summary>
    /// <param name="utf8">The document bytes.</param>
    /// <param name="format">The container the caller expects.</param>
    /// <param name="policy">The site policy; offline callers pass <see cref="ActionPolicy.Default"/>.</param>
    /// <returns>The actions and diagnostics.</returns>
    public static ParseResult Parse(ReadOnlySpan<byte> utf8, ConfigFormat format, ActionPolicy? policy = null) =>
        throw new NotImplementedException("The configuration parser arrives with the validator.");
}
