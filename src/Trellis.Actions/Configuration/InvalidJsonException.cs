namespace Trellis.Actions.Configuration;

/// <summary>
/// Ends the single pass over a document that is not valid JSON for Trellis (a duplicate key, or a string the
/// platform cannot hold). Never escapes the parser: it becomes the one XA1001 diagnostic, as the reader's own
/// <see cref="System.Text.Json.JsonException"/> does.
/// </summary>
internal sealed class InvalidJsonException : Exception
{
    public InvalidJsonException()
    {
    }

    public InvalidJsonException(string message)
        : base(message)
    {
    }

    public InvalidJsonException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public InvalidJsonException(int offset, string message)
        : base(message) => Offset = offset;

    /// <summary>Gets the byte offset of the offending token in the BOM-less document.</summary>
    public int Offset { get; }
}
