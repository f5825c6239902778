using System.Text;

namespace Trellis.Actions.Configuration;

/// <summary>
/// Text kept as UTF-8 and made a string only when first read. The parser keeps each action's <c>RawJson</c> this
/// way: most callers never read it, and 5,000 eager copies would double the memory a parse retains.
/// Equality and hashing go by the text, so a definition compares the same before and after the text is read.
/// </summary>
internal sealed class Utf8Text : IEquatable<Utf8Text>
{
    private readonly ReadOnlyMemory<byte> _utf8;
    private string? _text;

    /// <summary>Initializes a new instance of the <see cref="Utf8Text"/> class from a string.</summary>
    /// <param name="text">The text.</param>
    public Utf8Text(string text) => _text = text;

    /// <summary>Initializes a new instance of the <see cref="Utf8Text"/> class from valid UTF-8 that must not change.</summary>
    /// <param name="utf8">The bytes.</param>
    public Utf8Text(ReadOnlyMemory<byte> utf8) => _utf8 = utf8;

    /// <summary>Gets the empty text.</summary>
    public static Utf8Text Empty { get; } = new(string.Empty);

    /// <summary>Gets the text; the first read decodes it (a race decodes twice, to equal strings).</summary>
    public string Text => _text ??= Encoding.UTF8.GetString(_utf8.Span);

    /// <inheritdoc />
    public bool Equals(Utf8Text? other) => other is not null && string.Equals(Text, other.Text, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as Utf8Text);

    /// <inheritdoc />
    public override int GetHashCode() => string.GetHashCode(Text, StringComparison.Ordinal);

    /// <inheritdoc />
    public override string ToString() => Text;
}
