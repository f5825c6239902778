using System.Text.Json;

namespace Trellis.Actions.Configuration;

/// <summary>
/// The list envelope <c>{"data":[…]}</c> that <c>PUT …/external-entity-actions</c> accepts besides a bare array,
/// including the server's own <c>GET</c> answer <c>{"total_count","data":[…],"exceeds_total_count"}</c>
/// (docs/configuration.md). The server and <c>trellis validate</c> both read it here, so they agree on every shape.
/// </summary>
public static class ConfigEnvelope
{
    /// <summary>
    /// When <paramref name="document"/> is a JSON object with a top-level <c>data</c> member, returns a copy in which
    /// everything but that member's value is blanked out (line breaks kept), so the parser reads the editor array and
    /// its diagnostics give lines and columns in the document as written.
    /// </summary>
    /// <param name="document">The document's bytes (a BOM is allowed).</param>
    /// <param name="editorArray">The blanked copy, or <see langword="null"/>.</param>
    /// <returns><see langword="true"/> when the document is such an envelope.</returns>
    public static bool TryUnwrap(ReadOnlySpan<byte> document, out byte[]? editorArray)
    {
        editorArray = null;
        var first = document.IndexOfAnyExcept(" \t\r\n\uFEFF"u8);
        if (first < 0 || document[first] != (byte)'{')
        {
            return false;
        }

        try
        {
            var bom = document.StartsWith("\uFEFF"u8) ? 3 : 0;
            var reader = new Utf8JsonReader(document[bom..], new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
            reader.Read();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isData = reader.ValueTextEquals("data"u8);
                reader.Read();
                var start = bom + (int)reader.TokenStartIndex;
                reader.Skip();
                if (isData)
                {
                    editorArray = Blank(document, start, bom + (int)reader.BytesConsumed);
                    return true;
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON: the parser reports where.
        }

        return false;
    }

    /// <summary>The editor array of a <c>PUT</c> body: the body itself, or the <c>data</c> member of an envelope.</summary>
    /// <param name="body">The body's bytes.</param>
    /// <returns>What the parser reads as the editor format.</returns>
    public static ReadOnlyMemory<byte> EditorArray(byte[] body) =>
        TryUnwrap(body, out var editorArray) ? editorArray : body;

    private static byte[] Blank(ReadOnlySpan<byte> document, int start, int end)
    {
        var blanked = document.ToArray();
        for (var i = 0; i < blanked.Length; i++)
        {
            if ((i < start || i >= end) && blanked[i] is not ((byte)'\n' or (byte)'\r'))
            {
                blanked[i] = (byte)' ';
            }
        }

        return blanked;
    }
}
