using System.Text.Json;
using Trellis.Actions.Diagnostics;

namespace Trellis.Cli.Output;

/// <summary>Prints diagnostics in the format of docs/reference/interfaces.md#command-line, in text or JSON.</summary>
internal static class DiagnosticWriter
{
    /// <summary>One line per diagnostic: <c>file:line:column: severity CODE: message (at pointer)</c>.</summary>
    public static void WriteText(TextWriter output, string path, IEnumerable<Diagnostic> diagnostics)
    {
        foreach (var d in diagnostics)
        {
            output.WriteLine($"{path}:{d.Line}:{d.Column}: {d.SeverityName} {d.Code}: {d.Message} (at {DisplayPointer(d.Pointer)})");
        }
    }

    /// <summary>Writes the diagnostics as a JSON array property of an object being written.</summary>
    public static void WriteJsonArray(Utf8JsonWriter json, IEnumerable<Diagnostic> diagnostics)
    {
        json.WriteStartArray("diagnostics");
        foreach (var d in diagnostics)
        {
            json.WriteStartObject();
            json.WriteString("severity", d.SeverityName);
            json.WriteString("code", d.Code);
            json.WriteString("message", d.Message);
            json.WriteString("pointer", d.Pointer);
            json.WriteNumber("line", d.Line);
            json.WriteNumber("column", d.Column);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    // The empty pointer (the whole document) would print as "(at )"; quoting it keeps the line readable.
    private static string DisplayPointer(string pointer) => pointer.Length == 0 ? "\"\"" : pointer;
}
