using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using Trellis.Actions.Diagnostics;
using Trellis.Actions.Policy;

namespace Trellis.Actions.Configuration;

/// <summary>
/// Parses and validates external-action configurations (docs/reference/configuration-rules.md). The one validator behind the editor,
/// <c>PUT</c>, bundle upload and <c>trellis validate</c>. Never throws on input; reports every problem it can.
/// </summary>
public static partial class ActionConfigParser
{
    /// <summary>
    /// Parses a UTF-8 document (a BOM is allowed). A document that is not JSON yields exactly one XA1001 at the
    /// parse position; otherwise every rule runs and every finding is reported, sorted by line and column.
    /// </summary>
    /// <param name="utf8">The document bytes.</param>
    /// <param name="format">The container the caller expects.</param>
    /// <param name="policy">The site policy; <see langword="null"/> means <see cref="ActionPolicy.Default"/>, as offline runs assume.</param>
    /// <returns>The actions (only when there is no error) and the diagnostics.</returns>
    public static ParseResult Parse(ReadOnlySpan<byte> utf8, ConfigFormat format, ActionPolicy? policy = null) =>
        Parse(utf8, default, format, policy);

    /// <summary>
    /// Parses a UTF-8 document (a BOM is allowed) without copying it: each action's <see cref="ActionDefinition.RawJson"/>
    /// keeps a slice of <paramref name="utf8"/> and becomes a string only when read. As with
    /// <see cref="System.Text.Json.JsonDocument.Parse(ReadOnlyMemory{byte}, System.Text.Json.JsonDocumentOptions)"/>,
    /// the caller must not change the bytes while the definitions are in use (never pass a pooled buffer).
    /// </summary>
    /// <param name="utf8">The document bytes, which must stay unchanged.</param>
    /// <param name="format">The container the caller expects.</param>
    /// <param name="policy">The site policy; <see langword="null"/> means <see cref="ActionPolicy.Default"/>.</param>
    /// <returns>The actions (only when there is no error) and the diagnostics.</returns>
    public static ParseResult Parse(ReadOnlyMemory<byte> utf8, ConfigFormat format, ActionPolicy? policy = null) =>
        Parse(utf8.Span, utf8, format, policy);

    /// <summary>
    /// Parses a document whose container is read from its first JSON token, as <c>trellis validate</c> does:
    /// an array is the editor format, an object the bundle format, anything else is checked as the editor format.
    /// </summary>
    /// <param name="utf8">The document bytes.</param>
    /// <param name="policy">The site policy; <see langword="null"/> means <see cref="ActionPolicy.Default"/>.</param>
    /// <returns>The actions (only when there is no error) and the diagnostics.</returns>
    public static ParseResult Parse(ReadOnlySpan<byte> utf8, ActionPolicy? policy = null) =>
        Parse(utf8, DetectFormat(utf8), policy);

    /// <summary>Reads the container from the first JSON token: <c>{</c> is the bundle format, anything else the editor format.</summary>
    /// <param name="utf8">The document bytes (a BOM is allowed).</param>
    /// <returns>The format <see cref="Parse(ReadOnlySpan{byte}, ActionPolicy?)"/> uses.</returns>
    public static ConfigFormat DetectFormat(ReadOnlySpan<byte> utf8)
    {
        var json = WithoutBom(utf8);
        var first = json.IndexOfAnyExcept(" \t\r\n"u8);
        return first >= 0 && json[first] == (byte)'{' ? ConfigFormat.Bundle : ConfigFormat.Editor;
    }

    // retained: the same bytes when the caller lets the definitions keep them, else empty (they copy what they keep).
    private static ParseResult Parse(ReadOnlySpan<byte> utf8, ReadOnlyMemory<byte> retained, ConfigFormat format, ActionPolicy? policy)
    {
        policy ??= ActionPolicy.Default;

        // Refused before any parsing, so an oversized upload costs nothing.
        if (utf8.Length > ActionDefaults.MaxDocumentBytes)
        {
            return Single(DiagnosticCodes.TooLarge, "The configuration is larger than 8 MiB.", 1, 1);
        }

        var json = WithoutBom(utf8);
        if (!retained.IsEmpty)
        {
            retained = retained[(utf8.Length - json.Length)..];
        }

        if (!Utf8.IsValid(json))
        {
            return InvalidJson(json, FirstInvalidUtf8(json), "The document is not valid UTF-8.");
        }

        var bag = new DiagnosticBag();
        var validator = new ConfigValidator(format, policy, bag, json.Length, retained);
        try
        {
            new ConfigDocumentReader(validator).Read(json, format);
        }
        catch (JsonException ex)
        {
            var offset = LineIndex.OffsetOf(json, ex.LineNumber ?? 0, ex.BytePositionInLine ?? 0);
            return InvalidJson(json, offset, DescribeReaderError(json, offset, ex.Message));
        }
        catch (InvalidJsonException ex)
        {
            return InvalidJson(json, ex.Offset, ex.Message);
        }

        var diagnostics = bag.ToSortedDiagnostics(json);
        return new ParseResult(bag.HasErrors ? [] : validator.TakeActions(), diagnostics);
    }

    private static ReadOnlySpan<byte> WithoutBom(ReadOnlySpan<byte> utf8) =>
        utf8.StartsWith("\uFEFF"u8) ? utf8[3..] : utf8;

    private static int FirstInvalidUtf8(ReadOnlySpan<byte> json)
    {
        var offset = 0;
        while (offset < json.Length)
        {
            if (Rune.DecodeFromUtf8(json[offset..], out _, out var consumed) != System.Buffers.OperationStatus.Done)
            {
                return offset;
            }

            offset += consumed;
        }

        return offset;
    }

    private static string DescribeReaderError(ReadOnlySpan<byte> json, int offset, string readerMessage)
    {
        if (offset < json.Length && json[offset] == (byte)'/')
        {
            return "Comments are not allowed in JSON.";
        }

        // The reader appends its own 0-based position; the diagnostic carries the 1-based one.
        var cut = readerMessage.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return cut > 0 ? readerMessage[..cut] : readerMessage;
    }

    private static ParseResult InvalidJson(ReadOnlySpan<byte> json, int offset, string message)
    {
        var (line, column) = new LineIndex(json).MoveTo(offset);
        return Single(DiagnosticCodes.InvalidJson, "Not valid JSON: " + message, line, column);
    }

    private static ParseResult Single(string code, string message, int line, int column) =>
        new([], ImmutableArray.Create(new Diagnostic(DiagnosticSeverity.Error, code, message, string.Empty, line, column)));
}
