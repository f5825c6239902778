using System.Collections.Frozen;

namespace Trellis.Actions.Templates;

/// <summary>The token grammar of SPEC.md §4.1 on spans, shared by <see cref="Compile"/> and the allocation-free <see cref="TokenScanner"/>.</summary>
public sealed partial class UrlTemplate
{
    /// <summary>
    /// Walks the tokens of a template as <see cref="Compile"/> would find them, without allocating; the configuration
    /// validator checks every <c>url</c> of a document this way.
    /// </summary>
    /// <param name="source">The <c>url</c> value.</param>
    /// <returns>A scanner positioned before the first token.</returns>
    internal static TokenScanner ScanTokens(ReadOnlySpan<char> source) => new(source);

    /// <summary>
    /// The length of the token name whose <c>{</c> is at <paramref name="open"/>: <c>[A-Za-z_][A-Za-z0-9_]*</c> segments
    /// joined by <c>.</c>, closed by <c>}</c>. Anything else is plain text.
    /// </summary>
    /// <param name="source">The template.</param>
    /// <param name="open">The index of a <c>{</c>.</param>
    /// <returns>The name's length, or <c>-1</c> when no token starts there.</returns>
    internal static int TokenNameLength(ReadOnlySpan<char> source, int open)
    {
        var i = open + 1;
        while (true)
        {
            if (i >= source.Length || !IsNameStart(source[i]))
            {
                return -1;
            }

            i++;
            while (i < source.Length && IsNameChar(source[i]))
            {
                i++;
            }

            if (i < source.Length && source[i] == '.')
            {
                i++;
                continue;
            }

            return i < source.Length && source[i] == '}' ? i - open - 1 : -1;
        }
    }

    /// <summary>What a token name stands for: a known token, <c>entity.f</c> or <c>entity.f.g</c>, else unknown.</summary>
    /// <param name="name">The text between the braces.</param>
    /// <returns>The kind.</returns>
    internal static TokenKind KindOf(ReadOnlySpan<char> name)
    {
        if (TokensBySpan.Lookup.TryGetValue(name, out var kind))
        {
            return kind;
        }

        return name.StartsWith("entity.", StringComparison.Ordinal) && name.Count('.') is 1 or 2
            ? TokenKind.EntityField
            : TokenKind.Unknown;
    }

    // A holder, so the lookup is built after s_tokens whatever the order of the partial files.
    private static class TokensBySpan
    {
        public static readonly FrozenDictionary<string, TokenKind>.AlternateLookup<ReadOnlySpan<char>> Lookup =
            s_tokens.GetAlternateLookup<ReadOnlySpan<char>>();
    }
}

/// <summary>One pass over the tokens of a template, in order, without allocating (see <see cref="UrlTemplate.ScanTokens"/>).</summary>
internal ref struct TokenScanner
{
    private readonly ReadOnlySpan<char> _source;
    private int _position;
    private bool _inFragment;

    /// <summary>Initializes a new instance of the <see cref="TokenScanner"/> struct.</summary>
    /// <param name="source">The template.</param>
    public TokenScanner(ReadOnlySpan<char> source) => _source = source;

    /// <summary>Gets the current token's kind.</summary>
    public TokenKind Kind { get; private set; }

    /// <summary>Gets the current token's name (the text between the braces).</summary>
    public ReadOnlySpan<char> Name { get; private set; }

    /// <summary>Gets the index of the current token's <c>{</c>.</summary>
    public int Offset { get; private set; }

    /// <summary>Gets a value indicating whether the current token comes after the first literal <c>#</c>.</summary>
    public bool InFragment { get; private set; }

    /// <summary>Gets a value indicating whether the current token is <c>{entity.a.b.c}</c> or deeper (unknown, XA1507).</summary>
    public readonly bool IsTooDeepEntityField => TokenKinds.IsTooDeepEntityField(Kind, Name);

    /// <summary>Moves to the next token.</summary>
    /// <returns><see langword="false"/> at the end of the template.</returns>
    public bool MoveNext()
    {
        while (_position < _source.Length)
        {
            var next = _source[_position..].IndexOfAny('{', '#');
            if (next < 0)
            {
                _position = _source.Length;
                return false;
            }

            var at = _position + next;
            _position = at + 1;
            if (_source[at] == '#')
            {
                _inFragment = true;
                continue;
            }

            var length = UrlTemplate.TokenNameLength(_source, at);
            if (length < 0)
            {
                continue;
            }

            Name = _source.Slice(at + 1, length);
            Kind = UrlTemplate.KindOf(Name);
            Offset = at;
            InFragment = _inFragment;
            _position = at + length + 2;
            return true;
        }

        return false;
    }
}

/// <summary>What a token kind implies for the rules of SPEC.md §2.3 and §5.1, in one place.</summary>
internal static class TokenKinds
{
    /// <summary>Whether the value depends on the selection (XA1511).</summary>
    /// <param name="kind">The token kind.</param>
    /// <returns><see langword="true"/> for the ids, type, fields, query and select-all tokens.</returns>
    public static bool IsSelection(TokenKind kind) => kind is TokenKind.EntityIds or TokenKind.EntityId or TokenKind.EntityType
        or TokenKind.EntityField or TokenKind.Query or TokenKind.AllSelected;

    /// <summary>Whether the token makes its action single-entity.</summary>
    /// <param name="kind">The token kind.</param>
    /// <returns><see langword="true"/> for <c>{entity_id}</c> and <c>{entity.…}</c>.</returns>
    public static bool MakesSingleEntity(TokenKind kind) => kind is TokenKind.EntityId or TokenKind.EntityField;

    /// <summary>Whether a token is <c>{entity.a.b.c}</c> or deeper: more than two levels, so unknown (XA1507).</summary>
    /// <param name="kind">The token kind.</param>
    /// <param name="name">The token name.</param>
    /// <returns><see langword="true"/> for an unknown <c>entity.</c> name with three or more dots.</returns>
    public static bool IsTooDeepEntityField(TokenKind kind, ReadOnlySpan<char> name) =>
        kind == TokenKind.Unknown && name.StartsWith("entity.", StringComparison.Ordinal) && name.Count('.') > 2;
}
