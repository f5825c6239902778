using System.Buffers;
using System.Collections.Frozen;
using System.Net;
using System.Text;

namespace Trellis.Actions.Templates;

/// <summary>
/// Reduces a memo's HTML to the plain text a reader sees (docs/reference/launches.md#values-and-encoding): tags, comments and the contents of
/// <c>script</c> and <c>style</c> dropped, entities decoded, whitespace collapsed as a browser would, block
/// boundaries kept as one line break, and the result cut without splitting a surrogate pair.
/// </summary>
internal static class HtmlText
{
    private static readonly FrozenSet<string> s_blockTags = FrozenSet.Create(
        StringComparer.OrdinalIgnoreCase,
        "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption", "figure", "footer",
        "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "table",
        "tbody", "td", "tfoot", "th", "thead", "tr", "ul");

    private static readonly SearchValues<char> s_markup = SearchValues.Create("<\t\n\r\f");

    // A block boundary before decoding; no HTML text can contain it, and decoding cannot produce it from markup.
    private const char BlockBreak = '\u0001';

    public static string ToPlainText(string html, int maxLength)
    {
        var stripped = StripTags(html);
        var decoded = stripped.Contains('&', StringComparison.Ordinal) ? WebUtility.HtmlDecode(stripped) : stripped;
        return Collapse(decoded, maxLength);
    }

    private static string StripTags(string html)
    {
        var text = new StringBuilder(html.Length);
        var i = 0;
        while (i < html.Length)
        {
            var next = html.AsSpan(i).IndexOfAny(s_markup);
            if (next < 0)
            {
                text.Append(html, i, html.Length - i);
                break;
            }

            text.Append(html, i, next);
            i += next;
            var c = html[i];
            if (c != '<')
            {
                // Source whitespace is layout, not content: it collapses like a space.
                text.Append(' ');
                i++;
                continue;
            }

            i = SkipMarkup(html, i, text);
        }

        return text.ToString();
    }

    // html[start] is '<'. Returns where text resumes; appends a block break for block-level tags.
    private static int SkipMarkup(string html, int start, StringBuilder text)
    {
        if (html.AsSpan(start).StartsWith("<!--", StringComparison.Ordinal))
        {
            var end = html.IndexOf("-->", start + 4, StringComparison.Ordinal);
            return end < 0 ? html.Length : end + 3;
        }

        var nameStart = start + 1;
        var closing = nameStart < html.Length && html[nameStart] == '/';
        if (closing)
        {
            nameStart++;
        }

        // "<" not followed by a tag name, "!" or "?" is text, as browsers treat it.
        if (nameStart >= html.Length || !(char.IsAsciiLetter(html[nameStart]) || (!closing && html[nameStart] is '!' or '?')))
        {
            text.Append('<');
            return start + 1;
        }

        var nameEnd = nameStart;
        while (nameEnd < html.Length && (char.IsAsciiLetterOrDigit(html[nameEnd]) || html[nameEnd] is '-' or ':'))
        {
            nameEnd++;
        }

        var name = html.AsSpan(nameStart, nameEnd - nameStart);
        var tagEnd = FindTagEnd(html, nameEnd);
        if (!closing && (name.Equals("script", StringComparison.OrdinalIgnoreCase) || name.Equals("style", StringComparison.OrdinalIgnoreCase)))
        {
            // Raw-text elements: everything up to the matching end tag is code, not content.
            var close = html.IndexOf(string.Concat("</", name), tagEnd, StringComparison.OrdinalIgnoreCase);
            return close < 0 ? html.Length : FindTagEnd(html, close + 2 + name.Length);
        }

        if (s_blockTags.GetAlternateLookup<ReadOnlySpan<char>>().Contains(name))
        {
            text.Append(BlockBreak);
        }

        return tagEnd;
    }

    // Past the '>' that closes a tag, skipping quoted attribute values.
    private static int FindTagEnd(string html, int from)
    {
        char quote = '\0';
        for (var i = from; i < html.Length; i++)
        {
            var c = html[i];
            if (quote != '\0')
            {
                if (c == quote)
                {
                    quote = '\0';
                }
            }
            else if (c is '"' or '\'')
            {
                quote = c;
            }
            else if (c == '>')
            {
                return i + 1;
            }
        }

        return html.Length;
    }

    // Runs of whitespace become one space, or one line break when a block boundary is among them; ends are trimmed.
    private static string Collapse(string text, int maxLength)
    {
        var result = new StringBuilder(Math.Min(text.Length, maxLength));
        var pendingSpace = false;
        var pendingBreak = false;
        foreach (var c in text)
        {
            if (c == BlockBreak || c is '\n' or '\r')
            {
                pendingBreak = true;
                continue;
            }

            if (c is ' ' or '\t' or '\f' or '\u00A0')
            {
                pendingSpace = true;
                continue;
            }

            if (result.Length > 0 && (pendingBreak || pendingSpace))
            {
                result.Append(pendingBreak ? '\n' : ' ');
            }

            pendingSpace = pendingBreak = false;
            result.Append(c);
            if (result.Length >= maxLength)
            {
                break;
            }
        }

        if (result.Length > maxLength)
        {
            result.Length = maxLength;
        }

        while (result.Length > 0 && result[^1] is ' ' or '\n')
        {
            result.Length--;
        }

        // Never end on half of a surrogate pair.
        if (result.Length > 0 && char.IsHighSurrogate(result[^1]))
        {
            result.Length--;
        }

        return result.ToString();
    }
}
