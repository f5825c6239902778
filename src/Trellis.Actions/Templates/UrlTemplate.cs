using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Text;

namespace Trellis.Actions.Templates;

/// <summary>
/// A URL template (docs/reference/launches.md#url-tokens), compiled once into literal and token parts so that each launch only
/// fills values in. Compiling never fails: text that is not a token stays literal.
/// </summary>
public sealed partial class UrlTemplate
{
    private static readonly FrozenDictionary<string, TokenKind> s_tokens = new Dictionary<string, TokenKind>(StringComparer.Ordinal)
    {
        ["entity_ids"] = TokenKind.EntityIds,
        ["entity_id"] = TokenKind.EntityId,
        ["entity_type"] = TokenKind.EntityType,
        ["shared_space"] = TokenKind.SharedSpace,
        ["workspace"] = TokenKind.Workspace,
        ["user_login"] = TokenKind.UserLogin,
        ["user_email"] = TokenKind.UserEmail,
        ["octane_url"] = TokenKind.OctaneUrl,
        ["bundle_url"] = TokenKind.BundleUrl,
        ["dialog_id"] = TokenKind.DialogId,
        ["panel_id"] = TokenKind.PanelId,
        ["xsrf_token"] = TokenKind.XsrfToken,
        ["user_identity_token"] = TokenKind.UserIdentityToken,
        ["query"] = TokenKind.Query,
        ["all_selected"] = TokenKind.AllSelected,
        ["context_release"] = TokenKind.ContextRelease,
        ["context_sprint"] = TokenKind.ContextSprint,
        ["context_milestone"] = TokenKind.ContextMilestone,
        ["context_program"] = TokenKind.ContextProgram,
        ["context_pipeline"] = TokenKind.ContextPipeline,
        ["context_pipeline_run"] = TokenKind.ContextPipelineRun,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private UrlTemplate(string source, ImmutableArray<TemplatePart> parts, int fragmentPartIndex, int fragmentOffset)
    {
        Source = source;
        Parts = parts;
        FragmentPartIndex = fragmentPartIndex;
        FragmentOffset = fragmentOffset;
        Tokens = [.. parts.Where(p => p.Token is not null).Select(p => p.Token!)];
        IsSingleEntity = Tokens.Any(t => t.MakesSingleEntity);
    }

    /// <summary>Gets the template as written.</summary>
    public string Source { get; }

    /// <summary>Gets the literal and token parts in order.</summary>
    public ImmutableArray<TemplatePart> Parts { get; }

    /// <summary>Gets every token occurrence, known or not, in order.</summary>
    public ImmutableArray<TemplateToken> Tokens { get; }

    /// <summary>
    /// Gets the index in <see cref="Parts"/> of the first fragment part (a literal starting with <c>#</c>),
    /// or <c>-1</c> when the template has no fragment.
    /// </summary>
    public int FragmentPartIndex { get; }

    /// <summary>Gets the offset in <see cref="Source"/> of the first literal <c>#</c>, or <c>-1</c>.</summary>
    public int FragmentOffset { get; }

    /// <summary>Gets a value indicating whether the template has a fragment (docs/reference/launches.md#fragment-rule).</summary>
    public bool HasFragment => FragmentPartIndex >= 0;

    /// <summary>Gets a value indicating whether a token makes the action single-entity (<c>{entity_id}</c>, <c>{entity.…}</c>).</summary>
    public bool IsSingleEntity { get; }

    /// <summary>Gets the known tokens, in order, each kind once (entity fields once per path).</summary>
    public IEnumerable<TemplateToken> DistinctKnownTokens =>
        Tokens.Where(t => t.Kind != TokenKind.Unknown).DistinctBy(t => t.Name, StringComparer.Ordinal);

    /// <summary>Whether the template uses a token kind anywhere.</summary>
    /// <param name="kind">The token kind.</param>
    /// <returns><see langword="true"/> when present.</returns>
    public bool Uses(TokenKind kind) => Tokens.Any(t => t.Kind == kind);

    /// <summary>
    /// Splits <paramref name="source"/> into literal and token parts, classifying each token, and finds the
    /// first literal <c>#</c> outside a token.
    /// </summary>
    /// <param name="source">The <c>url</c> value.</param>
    /// <returns>The compiled template.</returns>
    public static UrlTemplate Compile(string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var parts = ImmutableArray.CreateBuilder<TemplatePart>();
        var literal = new StringBuilder();
        var fragmentPart = -1;
        var fragmentOffset = -1;

        void FlushLiteral()
        {
            if (literal.Length > 0)
            {
                parts.Add(TemplatePart.OfLiteral(literal.ToString()));
                literal.Clear();
            }
        }

        var i = 0;
        while (i < source.Length)
        {
            var c = source[i];
            if (c == '{' && TryReadTokenName(source, i, out var name))
            {
                FlushLiteral();
                parts.Add(TemplatePart.OfToken(Classify(name, i, fragmentPart >= 0)));
                i += name.Length + 2;
                continue;
            }

            if (c == '#' && fragmentPart < 0)
            {
                FlushLiteral();
                fragmentPart = parts.Count;
                fragmentOffset = i;
            }

            literal.Append(c);
            i++;
        }

        FlushLiteral();
        return new UrlTemplate(source, parts.ToImmutable(), fragmentPart, fragmentOffset);
    }

    /// <inheritdoc />
    public override string ToString() => Source;

    private static TemplateToken Classify(string name, int offset, bool inFragment)
    {
        var kind = KindOf(name);
        return kind == TokenKind.EntityField
            ? new TemplateToken(kind, name, offset, inFragment) { FieldPath = [.. name.Split('.')[1..]] }
            : new TemplateToken(kind, name, offset, inFragment);
    }

    private static bool TryReadTokenName(string source, int open, out string name)
    {
        var length = TokenNameLength(source, open);
        name = length < 0 ? string.Empty : source.Substring(open + 1, length);
        return length >= 0;
    }

    private static bool IsNameStart(char c) => char.IsAsciiLetter(c) || c == '_';
}
