using System.Collections.Frozen;

namespace Trellis.Actions.Policy;

/// <summary>
/// The site parameters that change what actions may do (docs/reference/site-parameters.md#parameters), as the engine sees them.
/// </summary>
/// <param name="Protocols">The allowed URL schemes.</param>
/// <param name="BundlesEnabled"><c>SUPPORT_EXTERNAL_ENTITY_ACTIONS_BUNDLE</c>.</param>
/// <param name="IdentityTokensEnabled"><c>EXTERNAL_ACTIONS_USER_IDENTITY_TOKEN</c>.</param>
public sealed record ActionPolicy(ProtocolPolicy Protocols, bool BundlesEnabled = true, bool IdentityTokensEnabled = true)
{
    /// <summary>Gets the defaults that offline runs assume: protocols <c>https,http,mailto</c>, bundles on, tokens on.</summary>
    public static ActionPolicy Default { get; } = new(ProtocolPolicy.Default);
}

/// <summary>
/// <c>ENTITY_EXTERNAL_ACTIONS_SUPPORTED_PROTOCOLS</c>: which URL schemes actions may open.
/// <c>javascript</c>, <c>data</c>, <c>vbscript</c> and <c>file</c> are never allowed, whatever the list says.
/// </summary>
public sealed class ProtocolPolicy
{
    /// <summary>The site parameter's default value.</summary>
    public const string DefaultValue = "https,http,mailto";

    private static readonly FrozenSet<string> s_forbidden =
        FrozenSet.Create(StringComparer.OrdinalIgnoreCase, "javascript", "data", "vbscript", "file");

    private readonly FrozenSet<string> _allowed;

    private ProtocolPolicy(FrozenSet<string> allowed) => _allowed = allowed;

    /// <summary>Gets the policy of the default value.</summary>
    public static ProtocolPolicy Default { get; } = Parse(DefaultValue);

    /// <summary>Gets the allowed schemes, lower-case, without the forbidden ones.</summary>
    public IEnumerable<string> AllowedSchemes => _allowed.Order(StringComparer.Ordinal);

    /// <summary>
    /// Reads the site parameter: a comma list, case-insensitive, a trailing <c>:</c> ignored, blanks skipped.
    /// </summary>
    /// <param name="value">The parameter value.</param>
    /// <returns>The policy.</returns>
    public static ProtocolPolicy Parse(string? value)
    {
        var schemes = (value ?? string.Empty)
            .Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(s => s.TrimEnd(':').Trim().ToLowerInvariant())
            .Where(s => s.Length > 0 && !s_forbidden.Contains(s));
        return new ProtocolPolicy(schemes.ToFrozenSet(StringComparer.OrdinalIgnoreCase));
    }

    /// <summary>Gets a value indicating whether a scheme is never allowed.</summary>
    /// <param name="scheme">The scheme without its colon.</param>
    /// <returns><see langword="true"/> for <c>javascript</c>, <c>data</c>, <c>vbscript</c> and <c>file</c>.</returns>
    public static bool IsAlwaysForbidden(string scheme) => s_forbidden.Contains(scheme);

    /// <summary>Gets a value indicating whether the policy allows a scheme.</summary>
    /// <param name="scheme">The scheme without its colon, any case.</param>
    /// <returns><see langword="true"/> when allowed.</returns>
    public bool Allows(string scheme) => _allowed.Contains(scheme);
}
