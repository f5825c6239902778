using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Trellis.Application.Errors;
using Trellis.Data.Sql;

namespace Trellis.Application.Entities;

/// <summary>
/// <c>text_search={"type":"global","text":"…"}</c> (docs/reference/rest.md#urls-and-parameters): matches <c>name</c> or <c>description</c>,
/// ignoring case, as an <see cref="EntityFilter"/> that both providers run.
/// </summary>
internal static class TextSearch
{
    /// <summary>Reads the parameter: no text means no search; anything but the global form is refused.</summary>
    public static (string? Text, OctaneError? Error) Parse(string parameter)
    {
        if (string.IsNullOrWhiteSpace(parameter))
        {
            return (null, null);
        }

        try
        {
            if (JsonNode.Parse(parameter) is JsonObject search
                && search["type"] is JsonValue type && type.TryGetValue<string>(out var kind) && kind == "global"
                && search["text"] is JsonValue value && value.TryGetValue<string>(out var text))
            {
                return (text, null);
            }
        }
        catch (JsonException)
        {
        }

        return (null, OctaneError.BadRequest(OctaneErrorCodes.QuerySyntaxError, "text_search must be {\"type\":\"global\",\"text\":\"…\"}."));
    }

    public static EntityFilter Filter(ISqlDialect dialect, string text)
    {
        // LIKE's own wildcards in the text are literal characters here.
        var pattern = new StringBuilder("%");
        foreach (var c in text.ToLowerInvariant())
        {
            if (c is '%' or '_' or '\\')
            {
                pattern.Append('\\');
            }

            pattern.Append(c);
        }

        pattern.Append('%');
        return new EntityFilter(
            $"{dialect.Lower("e.name")} LIKE {{0}} ESCAPE '\\' OR {dialect.Lower(dialect.JsonText("e", "description"))} LIKE {{0}} ESCAPE '\\'",
            [pattern.ToString()]) { IsTextSearch = true };
    }
}
