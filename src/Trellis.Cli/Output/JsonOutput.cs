using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Trellis.Cli.Output;

/// <summary>Writes exactly one JSON object to the output, indented, with non-ASCII kept readable.</summary>
internal static class JsonOutput
{
    private static readonly JsonWriterOptions s_options = new()
    {
        Indented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Builds one object with <paramref name="writeProperties"/> and prints it on its own lines.</summary>
    public static void WriteObject(TextWriter output, Action<Utf8JsonWriter> writeProperties)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, s_options))
        {
            json.WriteStartObject();
            writeProperties(json);
            json.WriteEndObject();
        }

        output.WriteLine(Encoding.UTF8.GetString(buffer.ToArray()));
    }
}
