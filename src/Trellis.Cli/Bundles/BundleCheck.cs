using System.Text.Json;
using Trellis.Actions.Bundles;
using Trellis.Actions.Configuration;
using Trellis.Actions.Diagnostics;
using Trellis.Cli.Output;

namespace Trellis.Cli.Bundles;

/// <summary>
/// The server's checks of an upload, offline: the archive rules (<see cref="BundleArchiveReader"/>, the server's own
/// code) and, when the bundle carries <c>action-configuration.json</c>, the validator in the bundle format.
/// </summary>
internal sealed record BundleCheck(BundleReadResult Read, ParseResult? Configuration)
{
    public bool IsValid => Read.IsAccepted && Configuration?.HasErrors != true;

    public static BundleCheck Run(byte[] zip)
    {
        var read = BundleArchiveReader.Read(zip);
        var configuration = read.Archive?.Configuration is { } bytes ? ActionConfigParser.Parse(bytes, ConfigFormat.Bundle) : null;
        return new BundleCheck(read, configuration);
    }

    /// <summary>
    /// Text: one line per refused entry (<c>path: entry: code: message</c>) or per diagnostic of the configuration
    /// (<c>path/action-configuration.json:line:column: …</c>), then a summary on standard error. JSON: one object.
    /// </summary>
    public void Write(string path, OutputFormat format, TextWriter output, TextWriter error)
    {
        var configPath = Path.Combine(path, BundleLimits.ConfigurationFileName).Replace('\\', '/');
        var diagnostics = Configuration?.Diagnostics ?? [];
        if (format == OutputFormat.Json)
        {
            JsonOutput.WriteObject(output, json => WriteJson(json, diagnostics));
            return;
        }

        foreach (var reason in Read.Reasons)
        {
            output.WriteLine($"{path}: {(reason.Entry.Length == 0 ? "(archive)" : reason.Entry)}: {reason.Code}: {reason.Message}");
        }

        DiagnosticWriter.WriteText(output, configPath, diagnostics);
        error.WriteLine(Summary(path, diagnostics));
    }

    /// <summary>Writes this check's members into a JSON object being written.</summary>
    public void WriteJson(Utf8JsonWriter json, IEnumerable<Diagnostic> diagnostics)
    {
        json.WriteBoolean("valid", IsValid);
        json.WriteBoolean("too_large", Read.TooLarge);
        json.WriteStartArray("reasons");
        foreach (var reason in Read.Reasons)
        {
            json.WriteStartObject();
            json.WriteString("entry", reason.Entry);
            json.WriteString("code", reason.Code);
            json.WriteString("message", reason.Message);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("entries");
        foreach (var entry in Read.Archive?.Entries ?? [])
        {
            json.WriteStringValue(entry);
        }

        json.WriteEndArray();
        json.WriteNumber("file_count", Read.Archive?.Files.Length ?? 0);
        json.WriteNumber("uncompressed_size", Read.Archive?.UncompressedSize ?? 0);
        json.WriteString("action", ActionName);
        DiagnosticWriter.WriteJsonArray(json, diagnostics);
    }

    private string? ActionName => Configuration is { HasErrors: false, Actions: [var action, ..] } ? action.Name : null;

    private string Summary(string path, IReadOnlyCollection<Diagnostic> diagnostics)
    {
        if (!Read.IsAccepted)
        {
            return $"{path}: refused, {Read.Reasons.Length} reason{(Read.Reasons.Length == 1 ? "" : "s")}";
        }

        var archive = Read.Archive!;
        var errors = diagnostics.Count(d => d.IsError);
        var warnings = diagnostics.Count - errors;
        var action = ActionName is { } name ? $", action '{name}'" : Configuration is null ? ", files only (no action-configuration.json)" : "";
        return errors > 0
            ? $"{path}: invalid, {errors} error{(errors == 1 ? "" : "s")} in {BundleLimits.ConfigurationFileName}, {warnings} warning{(warnings == 1 ? "" : "s")}"
            : $"{path}: valid, {archive.Files.Length} file{(archive.Files.Length == 1 ? "" : "s")}, {archive.UncompressedSize} bytes, entries {string.Join(", ", archive.Entries)}{action}";
    }
}
