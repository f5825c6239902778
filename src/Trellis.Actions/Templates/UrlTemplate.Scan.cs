using System.Buffers;

namespace Trellis.Actions.Templates;

/// <summary>The token grammar of docs/reference/launches.md#url-tokens on spans, shared by <see cref="Compile"/> and the allocation-free <see cref="TokenScanner"/>.</summary>
public sealed partial class UrlTemplate
{
    private static readonly SearchValues<char> s_nameOrDot =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.");

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
        var name = source[(open + 1)..];
        var length = name.IndexOfAnyExcept(s_nameOrDot);
        if (length <= 0 || name[length] != '}' || !IsNameStart(name[0]))
        {
            return -1;
        }

        // Each "." must start a new segment, so it is followed by a name start (which also rules out "a..b" and "a.").
        for (var dot = name[..length].IndexOf('.'); dot >= 0; dot = NextDot(name, dot, length))
        {
            if (!IsNameStart(name[dot + 1]))
            {
                return -1;
            }
        }

        return length;
    }

    private static int NextDot(ReadOnlySpan<char> name, int dot, int length)
    {
        var next = name[(dot + 1)..length].IndexOf('.');
        return next < 0 ? -1 : dot + 1 + next;
    }

    /// <summary>What a token name stands for: a known token, <c>entity.f</c> or <c>entity.f.g</c>, else unknown.</summary>
    /// <param name="name">The text between the braces.</param>
    /// <returns>The kind.</returns>
    internal static TokenKind KindOf(ReadOnlySpan<char> name)
    {
        if (TokensBySpan.TryGet(name, out var kind))
        {
            return kind;
        }

        return name.StartsWith("entity.", StringComparison.Ordinal) && name.Count('.') is 1 or 2
            ? TokenKind.EntityField
            : TokenKind.Unknown;
    }

    // Open addressing over the names of s_tokens, probed by length and three characters: a lookup costs a few
    // compares, which matters when a 5,000-action document is validated. A holder class, so it is built after
    // s_tokens whatever the order of the partial files.
    private static class TokensBySpan
    {
        private const int Size = 64;

        private static readonly (string Name, TokenKind Kind)?[] s_table = Create();

        public static bool TryGet(ReadOnlySpan<char> name, out TokenKind kind)
        {
            if (name.Length > 0)
            {
                for (var slot = Slot(name); s_table[slot] is { } entry; slot = (slot + 1) & (Size - 1))
                {
                    if (name.SequenceEqual(entry.Name))
                    {
                        kind = entry.Kind;
                        return true;
                    }
                }
            }

            kind = TokenKind.Unknown;
            return false;
        }

        private static int Slot(ReadOnlySpan<char> name) =>
            ((name.Length * 31) + (name[0] * 7) + (name[^1] * 3) + name[name.Length / 2]) & (Size - 1);

        private static (string Name, TokenKind Kind)?[] Create()
        {
            var table = new (string Name, TokenKind Kind)?[Size];
            foreach (var (name, kind) in s_tokens)
            {
                var slot = Slot(name);
                while (table[slot] is not null)
                {
                    slot = (slot + 1) & (Size - 1);
                }

                table[slot] = (name, kind);
            }

            return table;
        }
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

/// <summary>What a token kind implies for the rules of docs/reference/configuration-rules.md#validation, docs/reference/launches.md#availability, in one place.</summary>
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
