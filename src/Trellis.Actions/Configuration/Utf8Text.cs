using System.Text;

namespace Trellis.Actions.Configuration;

/// <summary>
/// Text kept as UTF-8 and made a string only when first read. The parser keeps each action's <c>RawJson</c> this
/// way: most callers never read it, and 5,000 eager copies would double the memory a parse retains. A struct held
/// in a mutable field, so the string it makes is cached in place (a race decodes twice, to equal strings).
/// Equality and hashing go by the text, so a definition compares the same before and after the text is read.
/// </summary>
internal struct Utf8Text : IEquatable<Utf8Text>
{
    private readonly ReadOnlyMemory<byte> _utf8;
    private string? _text;

    /// <summary>Initializes a new instance of the <see cref="Utf8Text"/> struct from a string.</summary>
    /// <param name="text">The text.</param>
    public Utf8Text(string text) => _text = text;

    /// <summary>Initializes a new instance of the <see cref="Utf8Text"/> struct from valid UTF-8 that must not change.</summary>
    /// <param name="utf8">The bytes.</param>
    public Utf8Text(ReadOnlyMemory<byte> utf8) => _utf8 = utf8;

    /// <summary>Gets the text, decoding it on the first read.</summary>
    public string Text => _text ??= Encoding.UTF8.GetString(_utf8.Span);

    /// <inheritdoc />
    public readonly bool Equals(Utf8Text other) => string.Equals(Peek(), other.Peek(), StringComparison.Ordinal);

    /// <inheritdoc />
    public override readonly bool Equals(object? obj) => obj is Utf8Text other && Equals(other);

    /// <inheritdoc />
    public override readonly int GetHashCode() => string.GetHashCode(Peek(), StringComparison.Ordinal);

    /// <inheritdoc />
    public override readonly string ToString() => Peek();

    // The text without caching it (a readonly member cannot store it).
    private readonly string Peek() => _text ?? Encoding.UTF8.GetString(_utf8.Span);
}
