using System.CommandLine;
using System.Text;
using Trellis.Cli.Bundles;
using Trellis.Cli.Output;

namespace Trellis.Cli.Commands;

/// <summary>
/// <c>trellis new &lt;name&gt; --mode tab|dialog|side-panel|aviator [--output folder]</c>: writes a bundle folder with
/// one action and its app, checked by the server's rules before anything is written.
/// </summary>
internal static class NewCommand
{
    public static Command Create(CliHost host)
    {
        var name = new Argument<string>("name") { Description = Strings.NewNameArgument };
        var mode = new Option<string>("--mode") { Description = Strings.NewModeOption, DefaultValueFactory = _ => "dialog" };
        mode.AcceptOnlyFromAmong("tab", "dialog", "side-panel", "aviator");
        var output = new Option<string?>("--output", "-o") { Description = Strings.NewOutputOption };
        var format = FormatOption.Create();
        var command = new Command("new", Strings.NewDescription) { name, mode, output, format };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var actionName = parsed.GetRequiredValue(name);
            var folder = parsed.GetValue(output) ?? actionName;
            var files = Scaffold.Files(actionName, parsed.GetRequiredValue(mode) switch
            {
                "tab" => ScaffoldMode.Tab,
                "side-panel" => ScaffoldMode.SidePanel,
                "aviator" => ScaffoldMode.Aviator,
                _ => ScaffoldMode.Dialog,
            });

            // A name the validator refuses is reported as validate reports it, and nothing is written.
            var check = BundleCheck.Run(Zip(files));
            if (!check.IsValid)
            {
                check.Write(folder, parsed.GetValue(format), host.Output, host.Error);
                return ExitCodes.Invalid;
            }

            if (Directory.Exists(folder) && Directory.EnumerateFileSystemEntries(folder).Any())
            {
                await host.Error.WriteLineAsync(Strings.FolderNotEmpty(folder));
                return ExitCodes.UsageOrIo;
            }

            try
            {
                foreach (var (path, content) in files)
                {
                    var full = Path.Combine(folder, path);
                    Directory.CreateDirectory(Path.GetDirectoryName(full)!);
                    await File.WriteAllTextAsync(full, content, cancellationToken);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                await host.Error.WriteLineAsync(Strings.CannotWrite(folder, ex.Message));
                return ExitCodes.UsageOrIo;
            }

            if (parsed.GetValue(format) == OutputFormat.Json)
            {
                JsonOutput.WriteObject(host.Output, json =>
                {
                    json.WriteString("folder", folder);
                    json.WriteStartArray("files");
                    foreach (var (path, _) in files)
                    {
                        json.WriteStringValue(path);
                    }

                    json.WriteEndArray();
                });
            }
            else
            {
                foreach (var (path, _) in files)
                {
                    await host.Output.WriteLineAsync(Path.Combine(folder, path));
                }

                await host.Error.WriteLineAsync(Strings.Scaffolded(folder));
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static byte[] Zip(IEnumerable<(string Path, string Content)> files)
    {
        using var buffer = new MemoryStream();
        using (var zip = new System.IO.Compression.ZipArchive(buffer, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (path, content) in files)
            {
                using var stream = zip.CreateEntry(path).Open();
                stream.Write(Encoding.UTF8.GetBytes(content));
            }
        }

        return buffer.ToArray();
    }
}
