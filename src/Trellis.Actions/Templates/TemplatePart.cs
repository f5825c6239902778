namespace Trellis.Actions.Templates;

/// <summary>A piece of a compiled URL template: literal text, or one token.</summary>
public sealed class TemplatePart
{
    private TemplatePart(string? literal, TemplateToken? token)
    {
        Literal = literal;
        Token = token;
    }

    /// <summary>Gets the literal text, or <see langword="null"/> when this part is a token.</summary>
    public string? Literal { get; }

    /// <summary>Gets the token, or <see langword="null"/> when this part is literal text.</summary>
    public TemplateToken? Token { get; }

    /// <summary>Creates a literal part.</summary>
    /// <param name="text">The text, copied to the URL as is.</param>
    /// <returns>The part.</returns>
    public static TemplatePart OfLiteral(string text) => new(text, null);

    /// <summary>Creates a token part.</summary>
    /// <param name="token">The token.</param>
    /// <returns>The part.</returns>
    public static TemplatePart OfToken(TemplateToken token) => new(null, token);
}
