using System.Collections.Immutable;

namespace Trellis.Actions.Templates;

/// <summary>One <c>{name}</c> occurrence in a URL template.</summary>
/// <param name="Kind">What the token stands for; <see cref="TokenKind.Unknown"/> stays literal.</param>
/// <param name="Name">The text between the braces, such as <c>entity.release.name</c>.</param>
/// <param name="Offset">Where the opening brace sits in the template (UTF-16 index).</param>
/// <param name="InFragment">Whether the token comes after the template's first literal <c>#</c>.</param>
public sealed record TemplateToken(TokenKind Kind, string Name, int Offset, bool InFragment)
{
    /// <summary>Gets the field path of an <see cref="TokenKind.EntityField"/> token (one or two names), else empty.</summary>
    public ImmutableArray<string> FieldPath { get; init; } = [];

    /// <summary>Gets the token as written, braces included.</summary>
    public string Text => "{" + Name + "}";

    /// <summary>Gets a value indicating whether this is <c>{entity.a.b.c}</c> or deeper: unknown, and worth a warning (XA1507).</summary>
    public bool IsTooDeepEntityField => TokenKinds.IsTooDeepEntityField(Kind, Name);

    /// <summary>Gets a value indicating whether the token's value depends on the selection (docs/reference/configuration-rules.md#validation XA1511).</summary>
    public bool IsSelectionToken => TokenKinds.IsSelection(Kind);

    /// <summary>Gets a value indicating whether the token makes its action single-entity (docs/reference/launches.md#availability).</summary>
    public bool MakesSingleEntity => TokenKinds.MakesSingleEntity(Kind);
}
