using System.CommandLine;
using System.Text.Json.Nodes;
using Spectre.Console;
using Trellis.Cli.Bundles;
using Trellis.Cli.Output;
using Trellis.Cli.Remote;

namespace Trellis.Cli.Commands;

/// <summary><c>trellis bundle validate|pack|push|list|delete</c>: bundles checked, built and uploaded from the terminal.</summary>
internal static class BundleCommand
{
    public static Command Create(CliHost host) => new("bundle", Strings.BundleDescription)
    {
        Validate(host),
        Pack(host),
        Push(host),
        List(host),
        Delete(host),
    };

    private static Command Validate(CliHost host)
    {
        var source = new Argument<string>("source") { Description = Strings.BundleSourceArgument };
        var format = FormatOption.Create();
        var command = new Command("validate", Strings.BundleValidateDescription) { source, format };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var path = parsed.GetRequiredValue(source);
            var zip = await BundleSource.LoadAsync(path, host.Error, cancellationToken);
            if (zip is null)
            {
                return ExitCodes.UsageOrIo;
            }

            var check = BundleCheck.Run(zip);
            check.Write(path, parsed.GetValue(format), host.Output, host.Error);
            return check.IsValid ? ExitCodes.Success : ExitCodes.Invalid;
        });
        return command;
    }

    private static Command Pack(CliHost host)
    {
        var folder = new Argument<string>("folder") { Description = Strings.BundleFolderArgument };
        var output = new Option<string?>("--output", "-o") { Description = Strings.BundleOutputOption };
        var format = FormatOption.Create();
        var command = new Command("pack", Strings.BundlePackDescription) { folder, output, format };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var path = parsed.GetRequiredValue(folder);
            if (!Directory.Exists(path))
            {
                await host.Error.WriteLineAsync(Strings.NotAFolder(path));
                return ExitCodes.UsageOrIo;
            }

            var zip = await BundleSource.LoadAsync(path, host.Error, cancellationToken);
            if (zip is null)
            {
                return ExitCodes.UsageOrIo;
            }

            // An archive the server would refuse is not written: fix the folder first.
            var check = BundleCheck.Run(zip);
            if (!check.IsValid)
            {
                check.Write(path, parsed.GetValue(format), host.Output, host.Error);
                return ExitCodes.Invalid;
            }

            var target = parsed.GetValue(output) ?? Path.GetFullPath(path).TrimEnd(Path.DirectorySeparatorChar) + ".zip";
            try
            {
                await ConfigFile.WriteAsync(target, zip, cancellationToken);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                await host.Error.WriteLineAsync(Strings.CannotWrite(target, ex.Message));
                return ExitCodes.UsageOrIo;
            }

            if (parsed.GetValue(format) == OutputFormat.Json)
            {
                JsonOutput.WriteObject(host.Output, json =>
                {
                    json.WriteString("zip", target);
                    json.WriteNumber("bytes", zip.Length);
                    check.WriteJson(json, check.Configuration?.Diagnostics ?? []);
                });
            }
            else
            {
                check.Write(path, OutputFormat.Text, host.Output, host.Error);
                await host.Output.WriteLineAsync(Strings.Packed(target, zip.Length));
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Push(CliHost host)
    {
        var source = new Argument<string>("source") { Description = Strings.BundleSourceArgument };
        var guid = new Option<string?>("--guid") { Description = Strings.BundleGuidOption };
        var format = FormatOption.Create();
        var command = new Command("push", Strings.BundlePushDescription) { source, guid, format };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var path = parsed.GetRequiredValue(source);
            var outputFormat = parsed.GetValue(format);
            var zip = await BundleSource.LoadAsync(path, host.Error, cancellationToken);
            if (zip is null)
            {
                return ExitCodes.UsageOrIo;
            }

            // The same rules the server applies, before a byte is sent.
            var check = BundleCheck.Run(zip);
            if (!check.IsValid)
            {
                check.Write(path, outputFormat, host.Output, host.Error);
                return ExitCodes.Invalid;
            }

            return await RemoteSession.RunAsync(host, async client =>
            {
                var answer = await UploadAsync(host, client, zip, parsed.GetValue(guid), path, outputFormat, cancellationToken);
                return await WriteUploadAsync(host, answer, path, outputFormat);
            }, cancellationToken);
        });
        return command;
    }

    private static Command List(CliHost host)
    {
        var format = FormatOption.Create();
        var command = new Command("list", Strings.BundleListDescription) { format };
        command.SetAction((parsed, cancellationToken) => RemoteSession.RunAsync(host, async client =>
        {
            var answer = await client.ListBundlesAsync(cancellationToken);
            if (!answer.IsSuccess)
            {
                return await RemoteSession.RefusedAsync(host, answer);
            }

            if (parsed.GetValue(format) == OutputFormat.Json)
            {
                await host.Output.WriteLineAsync(answer.Body!.ToJsonString(new() { WriteIndented = true }));
                return ExitCodes.Success;
            }

            foreach (var bundle in (answer.Body?["data"] as JsonArray ?? []).OfType<JsonObject>())
            {
                var entries = string.Join(", ", (bundle["entries"] as JsonArray ?? []).Select(e => e?.GetValue<string>()));
                await host.Output.WriteLineAsync(
                    $"{bundle["guid"]}  {bundle["action_name"]?.GetValue<string>() ?? "(no action)",-24} {bundle["file_count"],4} files {bundle["uncompressed_size"],10} bytes  {bundle["uploaded_at"]}  {entries}");
            }

            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }

    private static Command Delete(CliHost host)
    {
        var guid = new Argument<string>("guid") { Description = Strings.BundleGuidArgument };
        var format = FormatOption.Create();
        var command = new Command("delete", Strings.BundleDeleteDescription) { guid, format };
        command.SetAction((parsed, cancellationToken) => RemoteSession.RunAsync(host, async client =>
        {
            var target = parsed.GetRequiredValue(guid);
            var answer = await client.DeleteBundleAsync(target, cancellationToken);
            if (!answer.IsSuccess)
            {
                return await RemoteSession.RefusedAsync(host, answer);
            }

            if (parsed.GetValue(format) == OutputFormat.Json)
            {
                JsonOutput.WriteObject(host.Output, json => json.WriteString("deleted", target));
            }
            else
            {
                await host.Output.WriteLineAsync(Strings.BundleDeleted(target));
            }

            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }

    /// <summary>Sends the zip; a person at a terminal watches a progress bar on standard error meanwhile.</summary>
    public static async Task<ServerAnswer> UploadAsync(CliHost host, TrellisClient client, byte[] zip, string? guid, string label, OutputFormat format, CancellationToken cancellationToken)
    {
        if (!host.Interactive || format == OutputFormat.Json)
        {
            return await client.UploadBundleAsync(zip, guid, null, cancellationToken);
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(host.Error) });
        return await console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new DownloadedColumn(), new TransferSpeedColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(Markup.Escape("Uploading " + Path.GetFileName(Path.TrimEndingDirectorySeparator(label))), maxValue: zip.Length);
                var answer = await client.UploadBundleAsync(zip, guid, new DirectProgress(sent => task.Value = sent), cancellationToken);
                task.Value = zip.Length;
                return answer;
            });
    }

    /// <summary>Prints the server's answer to an upload; its refusal reasons one per line, like <c>bundle validate</c>.</summary>
    public static async Task<int> WriteUploadAsync(CliHost host, ServerAnswer answer, string path, OutputFormat format)
    {
        if (!answer.IsSuccess)
        {
            await host.Error.WriteLineAsync("trellis: " + answer.Describe());
            foreach (var reason in (answer.Body?["reasons"] as JsonArray ?? []).OfType<JsonObject>())
            {
                await host.Output.WriteLineAsync($"{path}: {reason["entry"]}: {reason["code"]}: {reason["message"]}");
            }

            foreach (var diagnostic in (answer.Body?["diagnostics"] as JsonArray ?? []).OfType<JsonObject>())
            {
                await host.Output.WriteLineAsync($"{path}/action-configuration.json:{diagnostic["line"]}:{diagnostic["column"]}: {diagnostic["severity"]} {diagnostic["code"]}: {diagnostic["message"]} (at {diagnostic["pointer"]})");
            }

            return ExitCodes.Refused;
        }

        if (format == OutputFormat.Json)
        {
            await host.Output.WriteLineAsync(answer.Body!.ToJsonString(new() { WriteIndented = true }));
            return ExitCodes.Success;
        }

        var body = answer.Body!;
        var entries = string.Join(", ", (body["entries"] as JsonArray ?? []).Select(e => e?.GetValue<string>()));
        await host.Output.WriteLineAsync(Strings.BundleUploaded(
            (int)answer.Status == 201, body["guid"]?.GetValue<string>() ?? "", body["action"]?["name"]?.GetValue<string>(), entries));
        return ExitCodes.Success;
    }

    /// <summary>Reports on the sending thread; <see cref="Progress{T}"/> would post to a context a console does not have.</summary>
    private sealed class DirectProgress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}
