using System.CommandLine;
using Trellis.Actions.Configuration;
using Trellis.Actions.Diagnostics;
using Trellis.Cli.Output;

namespace Trellis.Cli.Commands;

/// <summary><c>trellis validate &lt;file.json&gt;</c>: the server's own validator, offline, with default policies.</summary>
internal static class ValidateCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(TextWriter output, TextWriter error)
    {
        var file = new Argument<string>("file") { Description = Strings.ValidateFileArgument };
        var format = FormatOption.Create();
        var command = new Command("validate", Strings.ValidateDescription) { file, format };
        command.SetAction((parsed, cancellationToken) =>
            RunAsync(parsed.GetRequiredValue(file), parsed.GetValue(format), output, error, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string path, OutputFormat format, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        // A bundle is checked by its own rules; say where instead of failing on a folder or on zip bytes.
        if (Directory.Exists(path))
        {
            await error.WriteLineAsync(Strings.UseBundleValidate(path, "a folder"));
            return ExitCodes.UsageOrIo;
        }

        var bytes = await InputFile.TryReadAsync(path, error, cancellationToken);
        if (bytes is null)
        {
            return ExitCodes.UsageOrIo;
        }

        if (bytes.AsSpan().StartsWith("PK\u0003\u0004"u8))
        {
            await error.WriteLineAsync(Strings.UseBundleValidate(path, "a zip archive"));
            return ExitCodes.UsageOrIo;
        }

        var result = Parse(bytes);
        Write(result, path, format, output, error);
        return result.HasErrors ? ExitCodes.Invalid : ExitCodes.Success;
    }

    /// <summary>
    /// Parses every shape the server accepts: an editor array, the list envelope <c>{"data":[…]}</c> (the server's
    /// own <c>GET</c> answer and <c>trellis pull</c>'s file), or one bundle action object.
    /// </summary>
    public static Trellis.Actions.Configuration.ParseResult Parse(byte[] bytes) =>
        ConfigEnvelope.TryUnwrap(bytes, out var editorArray)
            ? ActionConfigParser.Parse(editorArray, ConfigFormat.Editor)
            : ActionConfigParser.Parse(bytes);

    /// <summary>Prints a parse result; preview uses it too for an invalid configuration.</summary>
    public static void Write(Trellis.Actions.Configuration.ParseResult result, string path, OutputFormat format, TextWriter output, TextWriter error)
    {
        if (format == OutputFormat.Json)
        {
            JsonOutput.WriteObject(output, json =>
            {
                json.WriteBoolean("valid", !result.HasErrors);
                DiagnosticWriter.WriteJsonArray(json, result.Diagnostics);
            });
            return;
        }

        DiagnosticWriter.WriteText(output, path, result.Diagnostics);
        var errors = result.Diagnostics.Count(d => d.IsError);
        var warnings = result.Diagnostics.Count(d => d.Severity == DiagnosticSeverity.Warning);
        error.WriteLine(result.HasErrors
            ? Strings.InvalidSummary(path, errors, warnings)
            : Strings.ValidSummary(path, result.Actions.Length, warnings));
    }
}
