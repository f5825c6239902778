namespace Trellis.Actions.Templates;

/// <summary>Expansion: fills the compiled parts with one launch's values (docs/reference/launches.md#values-and-encoding, docs/reference/launches.md#fragment-rule).</summary>
public sealed partial class UrlTemplate
{
    // Literal characters plus room per token, computed on first expansion; -1 until then.
    private int _literalLength = -1;
    private bool _usesEntityIds;

    /// <summary>
    /// Gets a value indicating whether the template starts with <c>{octane_url}</c> or <c>{bundle_url}</c> (after any
    /// leading spaces or control characters): such URLs point at Trellis itself and pass the scheme policy (docs/reference/launches.md#run-time-url-check).
    /// </summary>
    public bool StartsWithBaseUrl
    {
        get
        {
            foreach (var part in Parts)
            {
                if (part.Token is { } token)
                {
                    return token.Kind is TokenKind.OctaneUrl or TokenKind.BundleUrl;
                }

                foreach (var c in part.Literal!)
                {
                    if (c > ' ')
                    {
                        return false;
                    }
                }
            }

            return false;
        }
    }

    /// <summary>
    /// Expands the whole template. Every value is encoded like JavaScript <c>encodeURIComponent</c>, in the path,
    /// the query and the fragment alike; <c>{octane_url}</c>, <c>{bundle_url}</c> and the commas between ids are raw;
    /// unknown tokens stay as written.
    /// </summary>
    /// <param name="values">The token values of this launch.</param>
    /// <returns>The URL, and the entity fields that were not found.</returns>
    public UrlExpansion Expand(TokenValues values) => TemplateExpander.Expand(this, values, 0, []);

    /// <summary>
    /// Expands only the fragment, from the first literal <c>#</c> (included) to the end; empty when the template
    /// has none. A <c>{user_identity_token}</c> in the fragment is minted afresh.
    /// </summary>
    /// <param name="values">The token values for the new selection.</param>
    /// <returns>The fragment, starting with <c>#</c>, or an empty URL.</returns>
    public UrlExpansion ExpandFragment(TokenValues values) =>
        HasFragment ? TemplateExpander.Expand(this, values, FragmentPartIndex, []) : new UrlExpansion(string.Empty, []);

    /// <summary>
    /// Recomputes the URL of an open side panel after the selection changed (docs/reference/launches.md#fragment-rule): the part of
    /// <paramref name="openedUrl"/> before its first <c>#</c> is kept from open time, and only the fragment is
    /// expanded again. Without a fragment, <paramref name="openedUrl"/> comes back unchanged.
    /// </summary>
    /// <param name="openedUrl">The URL this template expanded to when the panel opened.</param>
    /// <param name="values">The token values for the new selection.</param>
    /// <returns>The URL to navigate the iframe to.</returns>
    public UrlExpansion UpdateFragment(string openedUrl, TokenValues values)
    {
        ArgumentNullException.ThrowIfNull(openedUrl);
        if (!HasFragment)
        {
            return new UrlExpansion(openedUrl, []);
        }

        // Values before '#' are encoded and the base URL has no '#', so the first '#' is the template's.
        var hash = openedUrl.IndexOf('#', StringComparison.Ordinal);
        var prefix = hash < 0 ? openedUrl.AsSpan() : openedUrl.AsSpan(0, hash);
        return TemplateExpander.Expand(this, values, FragmentPartIndex, prefix);
    }

    /// <summary>A buffer size that usually holds the whole expansion, so the buffer rarely grows.</summary>
    internal int CapacityHint(TokenValues values)
    {
        if (_literalLength < 0)
        {
            var length = 0;
            foreach (var part in Parts)
            {
                length += part.Literal?.Length ?? 32;
                _usesEntityIds |= part.Token?.Kind == TokenKind.EntityIds;
            }

            _literalLength = length;
        }

        var hint = _literalLength + (2 * values.OctaneUrl.Length);
        if (_usesEntityIds && !values.EntityIds.IsDefaultOrEmpty)
        {
            hint += Math.Min(values.EntityIds.Length, TemplateDefaults.MaxEntityIds) * (values.EntityIds[0].Length + 2);
        }

        return hint;
    }

    /// <summary>
    /// Encodes one value exactly as JavaScript <c>encodeURIComponent</c> does: <c>A–Z a–z 0–9 - _ . ! ~ * ' ( )</c>
    /// stay, everything else becomes UTF-8 <c>%XX</c> in upper-case hex (a space is <c>%20</c>). A lone surrogate,
    /// where JavaScript throws, is encoded as U+FFFD (<c>%EF%BF%BD</c>).
    /// </summary>
    /// <param name="value">The raw value.</param>
    /// <returns>The encoded value.</returns>
    public static string EncodeComponent(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return UriComponentEncoder.Encode(value);
    }
}
